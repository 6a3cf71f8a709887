import type { ContactFields, ContactWorkspace, NewTask, Note, NoteFields, Task, TaskChanges } from '../bindings';
import { explain } from '../lib/errors';
import { ipc, messageOf, subscribe } from '../lib/ipc';
import { navigation } from '../lib/navigation.svelte';
import { session } from './session.svelte';
import { toasts } from './toasts.svelte';

export type TaskView = 'pending' | 'completed' | 'all';

/** The outcome of a write the UI waits on: `null` when it worked, else what to show. */
export type WriteResult = string | null;

/** A note being written or edited, kept until HighLevel has it. */
export interface NoteDraft {
  title: string;
  body: string;
}

/** Where a note's draft is kept: the contact's new note, or one of its notes being edited. */
export function noteDraftKey(contactId: string, noteId: string | null = null): string {
  return noteId ? `${contactId}/${noteId}` : contactId;
}

/**
 * The open contact: cache first (shown at once), refreshed in the background, updated
 * when Rust announces fresh data. Writes wait for HighLevel; the one optimistic change
 * (ticking a task) rolls back with a message when HighLevel refuses.
 */
class Workspace {
  contactId = $state<string | null>(null);
  /** The profile shown when the contact opened: its location. */
  openedIn: string | null = null;
  data = $state<ContactWorkspace | null>(null);
  loading = $state(false);
  refreshing = $state(false);
  error = $state<string | null>(null);
  taskView = $state<TaskView>('pending');
  /** Tasks with a completion change on its way to HighLevel. */
  busyTasks = $state<Record<string, boolean>>({});
  /**
   * Notes being written, by `noteDraftKey`: kept across contacts, so switching away and
   * back finds the text where it was; dropped once HighLevel has it or the user cancels.
   */
  noteDrafts = $state<Record<string, NoteDraft>>({});

  start(): () => void {
    const stops = [
      subscribe('contactRefreshed', ({ contactId }) => {
        if (contactId === this.contactId) void this.reloadCached(false);
      }),
      // A contact opened in the location just shown (from "All locations") stays open;
      // another location's closes, and the section forgets it (opening it again opens it).
      subscribe('sessionChanged', (info) => {
        if (info.id === this.openedIn) return;
        this.close();
        navigation.contactId = null;
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async open(contactId: string) {
    if (contactId === this.contactId && this.data) return;
    // Another contact's data must not stay on screen (or take edits) while this one loads.
    if (this.data?.contact.id !== contactId) this.data = null;
    this.contactId = contactId;
    this.openedIn = session.info?.id ?? null;
    this.loading = !this.data;
    this.error = null;
    try {
      const opened = await ipc.openContact(contactId);
      if (this.contactId !== contactId) return;
      this.data = opened.workspace;
      this.refreshing = opened.refreshing;
    } catch (error) {
      if (this.contactId === contactId) {
        this.error = messageOf(error);
        this.data = null;
      }
    } finally {
      if (this.contactId === contactId) this.loading = false;
    }
  }

  close() {
    this.contactId = null;
    this.data = null;
    this.error = null;
    this.refreshing = false;
  }

  /** Fetches from HighLevel now (the refresh button). */
  async refresh() {
    const id = this.contactId;
    if (!id) return;
    this.refreshing = true;
    try {
      const fresh = await ipc.refreshContact(id);
      if (this.contactId === id) this.data = fresh;
    } catch (error) {
      toasts.show({ kind: 'error', title: 'Could not refresh', body: messageOf(error) });
    } finally {
      if (this.contactId === id) this.refreshing = false;
    }
  }

  async reloadCached(keepRefreshing = this.refreshing) {
    const id = this.contactId;
    if (!id) return;
    let cached: ContactWorkspace | null;
    try {
      cached = await ipc.cachedContact(id);
    } catch (error) {
      // The cache could not be read: keep what is shown and say why.
      if (this.contactId === id) {
        toasts.show({ kind: 'error', title: 'Could not read the cache', body: messageOf(error) });
        this.refreshing = keepRefreshing;
      }
      return;
    }
    if (this.contactId !== id) return;
    if (cached) this.data = cached;
    else {
      this.data = null;
      this.error = 'This contact is no longer in HighLevel.';
    }
    this.refreshing = keepRefreshing;
  }

  /** Ticks or unticks at once; HighLevel's refusal puts it back and says why. */
  async setCompleted(task: Task, completed: boolean) {
    const id = this.contactId;
    if (!id || !this.data || this.busyTasks[task.id]) return;
    this.patchTask(task.id, { completed });
    this.busyTasks[task.id] = true;
    try {
      const saved = await ipc.setTaskCompleted(id, task.id, completed);
      if (this.contactId === id) this.patchTask(task.id, saved);
    } catch (error) {
      if (this.contactId === id) this.patchTask(task.id, { completed: !completed });
      toasts.show({
        kind: 'error',
        title: completed ? 'The task is still open' : 'The task is still completed',
        body: explain(error, { doing: 'write' }).detail,
      });
    } finally {
      delete this.busyTasks[task.id];
    }
  }

  addTask(task: NewTask): Promise<WriteResult> {
    return this.write((id) => ipc.createTask(id, task), 'Task added');
  }

  updateTask(taskId: string, changes: TaskChanges): Promise<WriteResult> {
    return this.write((id) => ipc.updateTask(id, taskId, changes), 'Task saved');
  }

  deleteTask(taskId: string): Promise<WriteResult> {
    return this.write((id) => ipc.deleteTask(id, taskId), 'Task deleted');
  }

  /** Opens an editor: a new note, or `note` with its text (a draft already open is kept). */
  startNote(note: Note | null = null) {
    const id = this.contactId;
    if (!id) return;
    const key = noteDraftKey(id, note?.id);
    this.noteDrafts[key] ??= { title: note?.title ?? '', body: note?.body ?? '' };
  }

  discardNote(noteId: string | null = null) {
    if (this.contactId) delete this.noteDrafts[noteDraftKey(this.contactId, noteId)];
  }

  /** Sends the draft (a new note, or the edit of `noteId`); it is dropped only once saved. */
  async saveNote(noteId: string | null = null): Promise<WriteResult> {
    const id = this.contactId;
    if (!id) return 'No contact is open.';
    const key = noteDraftKey(id, noteId);
    const draft = this.noteDrafts[key];
    if (!draft?.body.trim()) return 'A note needs some text.';
    const fields: NoteFields = { body: draft.body.trim(), title: draft.title.trim() || null, userId: null, color: null, pinned: null };
    const failed = await this.write(
      (contactId) => (noteId ? ipc.updateNote(contactId, noteId, fields) : ipc.createNote(contactId, fields)),
      noteId ? 'Note saved' : 'Note added',
    );
    if (!failed) delete this.noteDrafts[key];
    return failed;
  }

  /**
   * Deletes a note. HighLevel cannot restore one, but it takes the same text again: Undo
   * writes it back as a new note (its date becomes now).
   */
  async deleteNote(note: Note): Promise<WriteResult> {
    const id = this.contactId;
    const failed = await this.write((contactId) => ipc.deleteNote(contactId, note.id), null);
    if (failed || !id) return failed;
    const again: NoteFields = { body: note.body, title: note.title, userId: note.userId, color: note.color, pinned: note.pinned };
    // An info toast stays longer than a success one: time to find Undo.
    toasts.show({
      kind: 'info',
      title: 'Note deleted',
      action: { label: 'Undo', run: () => void this.restoreNote(id, again) },
    });
    return null;
  }

  private async restoreNote(contactId: string, note: NoteFields) {
    try {
      await ipc.createNote(contactId, note);
      if (this.contactId === contactId) await this.reloadCached();
      toasts.show({ kind: 'success', title: 'Note restored' });
    } catch (error) {
      toasts.show({ kind: 'error', title: 'The note could not be restored', body: explain(error, { doing: 'write' }).detail });
    }
  }

  addTags(tags: string[]): Promise<WriteResult> {
    return this.write((id) => ipc.addTags(id, tags), null);
  }

  removeTag(tag: string): Promise<WriteResult> {
    return this.write((id) => ipc.removeTag(id, tag), null);
  }

  updateContact(fields: ContactFields): Promise<WriteResult> {
    return this.write((id) => ipc.updateContact(id, fields), 'Contact saved');
  }

  async setWatched(watched: boolean) {
    const id = this.contactId;
    if (!id || !this.data) return;
    this.data.watched = watched;
    try {
      await ipc.watchContact(id, watched);
    } catch (error) {
      if (this.data && this.contactId === id) this.data.watched = !watched;
      toasts.show({ kind: 'error', title: 'Could not change watching', body: messageOf(error) });
    }
  }

  async deleteContact(): Promise<WriteResult> {
    const id = this.contactId;
    if (!id) return null;
    try {
      await ipc.deleteContact(id);
      toasts.show({ kind: 'success', title: 'Contact deleted' });
      this.close();
      return null;
    } catch (error) {
      return explain(error, { doing: 'write' }).detail;
    }
  }

  /** Runs a write, then shows what the cache now holds; failures come back for the form. */
  private async write(send: (contactId: string) => Promise<unknown>, done: string | null): Promise<WriteResult> {
    const id = this.contactId;
    if (!id) return 'No contact is open.';
    try {
      await send(id);
      await this.reloadCached();
      if (done) toasts.show({ kind: 'success', title: done });
      return null;
    } catch (error) {
      return explain(error, { doing: 'write' }).detail;
    }
  }

  private patchTask(taskId: string, patch: Partial<Task>) {
    const task = this.data?.details.tasks.find((candidate) => candidate.id === taskId);
    if (task) Object.assign(task, patch);
  }
}

export const workspace = new Workspace();
