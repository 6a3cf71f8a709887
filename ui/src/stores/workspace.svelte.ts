import type { ContactFields, ContactWorkspace, NewTask, Task, TaskChanges } from '../bindings';
import { explain } from '../lib/errors';
import { ipc, messageOf, subscribe } from '../lib/ipc';
import { toasts } from './toasts.svelte';

export type TaskView = 'pending' | 'completed' | 'all';

/** The outcome of a write the UI waits on: `null` when it worked, else what to show. */
export type WriteResult = string | null;

/**
 * The open contact: cache first (shown at once), refreshed in the background, updated
 * when Rust announces fresh data. Writes wait for HighLevel; the one optimistic change
 * (ticking a task) rolls back with a message when HighLevel refuses.
 */
class Workspace {
  contactId = $state<string | null>(null);
  data = $state<ContactWorkspace | null>(null);
  loading = $state(false);
  refreshing = $state(false);
  error = $state<string | null>(null);
  taskView = $state<TaskView>('pending');
  /** Tasks with a completion change on its way to HighLevel. */
  busyTasks = $state<Record<string, boolean>>({});

  start(): () => void {
    const stops = [
      subscribe('contactRefreshed', ({ contactId }) => {
        if (contactId === this.contactId) void this.reloadCached(false);
      }),
      subscribe('sessionChanged', () => this.close()),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async open(contactId: string) {
    if (contactId === this.contactId && this.data) return;
    // Another contact's data must not stay on screen (or take edits) while this one loads.
    if (this.data?.contact.id !== contactId) this.data = null;
    this.contactId = contactId;
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
