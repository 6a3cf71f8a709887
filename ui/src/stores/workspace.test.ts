import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emit } from '@tauri-apps/api/event';
import { workspace } from './workspace.svelte';
import { navigation } from '../lib/navigation.svelte';
import { session } from './session.svelte';
import { toasts } from './toasts.svelte';
import type { AppError, Contact, ContactWorkspace, NewTask, Note, OpenedContact, Task } from '../bindings';
import { OFFLINE_REFUSAL, backend as mockBackend, contact as baseContact, task, workspaceOf as workspaceFor, profileSession, type Call, type Handler } from '../testing/fixtures';

/** A contact named Ada `id`, reachable by email. */
function contact(id: string): Contact {
  return baseContact(id, { firstName: 'Ada', lastName: id, email: `${id}@example.com` });
}

function workspaceOf(id: string, tasks: Task[] = []): ContactWorkspace {
  return workspaceFor(contact(id), { tasks });
}

/** A backend answering from `handlers` by command name; anything else fails the test. */
function backend(handlers: Record<string, Handler>): Call[] {
  return mockBackend(handlers, { strict: true, events: true });
}

const commandsOf = (calls: Call[]) => calls.map((call) => call.cmd);
const offline: AppError = { code: 'Offline', reason: 'connection refused' };

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(() => {
  workspace.close();
  workspace.loading = false;
  workspace.taskView = 'pending';
  workspace.busyTasks = {};
  workspace.noteDrafts = {};
  toasts.items = [];
});

describe('opening a contact', () => {
  it('shows what the cache has at once and says a refresh is running', async () => {
    const answer = deferred<OpenedContact>();
    const calls = backend({ open_contact: () => answer.promise });

    const opening = workspace.open('c1');
    expect(workspace.contactId).toBe('c1');
    expect(workspace.loading).toBe(true);

    answer.resolve({ workspace: workspaceOf('c1', [task('t1')]), refreshing: true });
    await opening;

    expect(calls).toEqual([{ cmd: 'open_contact', args: { contactId: 'c1' } }]);
    expect(workspace.data?.contact.id).toBe('c1');
    expect(workspace.data?.details.tasks.map((t) => t.id)).toEqual(['t1']);
    expect(workspace.refreshing).toBe(true);
    expect(workspace.loading).toBe(false);
    expect(workspace.error).toBeNull();
  });

  it('does not ask again for the contact already open', async () => {
    const calls = backend({ open_contact: () => ({ workspace: workspaceOf('c1'), refreshing: false }) });
    await workspace.open('c1');
    await workspace.open('c1');
    expect(commandsOf(calls)).toEqual(['open_contact']);
  });

  it('keeps the contact last asked for when an earlier one answers late', async () => {
    const first = deferred<OpenedContact>();
    backend({
      open_contact: ({ contactId }) =>
        contactId === 'c1' ? first.promise : { workspace: workspaceOf('c2'), refreshing: false },
    });

    const slow = workspace.open('c1');
    await workspace.open('c2');
    first.resolve({ workspace: workspaceOf('c1'), refreshing: true });
    await slow;

    expect(workspace.contactId).toBe('c2');
    expect(workspace.data?.contact.id).toBe('c2');
    expect(workspace.refreshing).toBe(false);
    expect(workspace.loading).toBe(false);
  });

  it('says why a contact could not be opened', async () => {
    backend({
      open_contact: () => {
        throw { code: 'NotFound', message: 'HighLevel has no contact c404' } satisfies AppError;
      },
    });
    await workspace.open('c404');
    expect(workspace.error).toBe('HighLevel has no contact c404');
    expect(workspace.data).toBeNull();
    expect(workspace.loading).toBe(false);
  });

  it('takes the refreshed contact from the cache when Rust announces it, and only that one', async () => {
    let cached = workspaceOf('c1', [task('t1')]);
    const calls = backend({
      open_contact: () => ({ workspace: workspaceOf('c1', [task('t1')]), refreshing: true }),
      cached_contact: () => cached,
    });
    const stop = workspace.start();
    await workspace.open('c1');

    await emit('contact-refreshed', { contactId: 'someone-else' });
    await Promise.resolve();
    expect(commandsOf(calls)).not.toContain('cached_contact');

    cached = workspaceOf('c1', [task('t1', { title: 'Call back' }), task('t2', { title: 'Send the quote' })]);
    await emit('contact-refreshed', { contactId: 'c1' });

    await vi.waitFor(() => expect(workspace.data?.details.tasks.map((t) => t.title)).toEqual(['Call back', 'Send the quote']));
    expect(calls.filter((call) => call.cmd === 'cached_contact')).toEqual([{ cmd: 'cached_contact', args: { contactId: 'c1' } }]);
    expect(workspace.refreshing).toBe(false);
    stop();
  });

  it('says so when the refreshed contact is gone from the cache', async () => {
    backend({
      open_contact: () => ({ workspace: workspaceOf('c1'), refreshing: true }),
      cached_contact: () => null,
    });
    const stop = workspace.start();
    await workspace.open('c1');

    await emit('contact-refreshed', { contactId: 'c1' });
    await vi.waitFor(() => expect(workspace.error).toBe('This contact is no longer in HighLevel.'));
    expect(workspace.refreshing).toBe(false);
    // The deleted contact is no longer shown (or editable).
    expect(workspace.data).toBeNull();
    stop();
  });

  it('keeps the contact on screen when the cache cannot be read after a refresh', async () => {
    backend({
      open_contact: () => ({ workspace: workspaceOf('c1'), refreshing: true }),
      cached_contact: () => {
        throw { code: 'Storage', message: 'database is locked' } satisfies AppError;
      },
    });
    const stop = workspace.start();
    await workspace.open('c1');

    await emit('contact-refreshed', { contactId: 'c1' });
    await vi.waitFor(() => expect(toasts.items.map((toast) => toast.title)).toEqual(['Could not read the cache']));
    expect(workspace.data?.contact.id).toBe('c1');
    expect(workspace.error).toBeNull();
    expect(workspace.refreshing).toBe(false);
    stop();
  });

  it('shows nothing of the previous contact while the next one loads', async () => {
    const second = deferred<OpenedContact>();
    backend({
      open_contact: ({ contactId }) =>
        contactId === 'c1' ? { workspace: workspaceOf('c1', [task('t1')]), refreshing: false } : second.promise,
    });
    await workspace.open('c1');

    const opening = workspace.open('c2');
    expect(workspace.data).toBeNull();
    expect(workspace.loading).toBe(true);

    second.resolve({ workspace: workspaceOf('c2'), refreshing: false });
    await opening;
    expect(workspace.data?.contact.id).toBe('c2');
  });

  it('closes when the account changes', async () => {
    backend({ open_contact: () => ({ workspace: workspaceOf('c1'), refreshing: false }) });
    const stop = workspace.start();
    await workspace.open('c1');

    navigation.contactId = 'c1';
    await emit('session-changed', profileSession({ id: 'other' }));
    await vi.waitFor(() => expect(workspace.contactId).toBeNull());
    expect(workspace.data).toBeNull();
    // The section forgets it too: opening the same contact again opens it.
    expect(navigation.contactId).toBeNull();
    stop();
  });

  it('stays open when the change is to the location it was opened in (a late event)', async () => {
    backend({ open_contact: () => ({ workspace: workspaceOf('c1'), refreshing: false }) });
    const stop = workspace.start();
    session.info = profileSession({ id: 'north' });
    await workspace.open('c1');

    await emit('session-changed', profileSession({ id: 'north' }));
    expect(workspace.contactId).toBe('c1');
    // The same event's delivery closes it once it names another location.
    await emit('session-changed', profileSession({ id: 'south' }));
    await vi.waitFor(() => expect(workspace.contactId).toBeNull());
    session.info = null;
    stop();
  });

  it('reports a failed manual refresh and keeps what it showed', async () => {
    backend({
      open_contact: () => ({ workspace: workspaceOf('c1', [task('t1')]), refreshing: false }),
      refresh_contact: () => {
        throw offline;
      },
    });
    await workspace.open('c1');
    await workspace.refresh();

    expect(workspace.data?.details.tasks.map((t) => t.id)).toEqual(['t1']);
    expect(workspace.refreshing).toBe(false);
    expect(toasts.items.at(-1)).toMatchObject({ kind: 'error', title: 'Could not refresh', body: expect.stringContaining('offline') });
  });
});

describe('ticking a task', () => {
  async function openWith(tasks: Task[], handlers: Record<string, Handler>) {
    const calls = backend({ open_contact: () => ({ workspace: workspaceOf('c1', tasks), refreshing: false }), ...handlers });
    await workspace.open('c1');
    return calls;
  }

  const t1 = () => workspace.data!.details.tasks.find((t) => t.id === 't1')!;

  it('shows the tick at once and keeps what HighLevel saved', async () => {
    const answer = deferred<Task>();
    const calls = await openWith([task('t1')], { set_task_completed: () => answer.promise });

    const ticking = workspace.setCompleted(t1(), true);
    expect(t1().completed).toBe(true);
    expect(workspace.busyTasks.t1).toBe(true);

    answer.resolve(task('t1', { completed: true, title: 'Task t1 (saved)', contactId: 'c1' }));
    await ticking;

    expect(calls.at(-1)).toEqual({ cmd: 'set_task_completed', args: { contactId: 'c1', taskId: 't1', completed: true } });
    expect(t1().completed).toBe(true);
    expect(t1().title).toBe('Task t1 (saved)');
    expect(workspace.busyTasks.t1).toBeUndefined();
    expect(toasts.items).toEqual([]);
  });

  it('puts the tick back and says why when HighLevel cannot be reached', async () => {
    const answer = deferred<Task>();
    await openWith([task('t1')], { set_task_completed: () => answer.promise });

    const ticking = workspace.setCompleted(t1(), true);
    expect(t1().completed).toBe(true);
    answer.reject(offline);
    await ticking;

    expect(t1().completed).toBe(false);
    expect(workspace.busyTasks.t1).toBeUndefined();
    expect(toasts.items).toHaveLength(1);
    expect(toasts.items[0]).toMatchObject({ kind: 'error', title: 'The task is still open', body: OFFLINE_REFUSAL });
  });

  it('reopens a completed task back to completed with HighLevel’s own words on refusal', async () => {
    await openWith([task('t1', { completed: true })], {
      set_task_completed: () => {
        throw { code: 'Forbidden', message: 'The token may not write tasks', missingScope: null } satisfies AppError;
      },
    });

    await workspace.setCompleted(t1(), false);

    expect(t1().completed).toBe(true);
    expect(toasts.items.at(-1)).toMatchObject({
      kind: 'error',
      title: 'The task is still completed',
      body: 'The token may not write tasks',
    });
  });

  it('sends one change at a time per task', async () => {
    const answer = deferred<Task>();
    const calls = await openWith([task('t1')], { set_task_completed: () => answer.promise });

    const ticking = workspace.setCompleted(t1(), true);
    await workspace.setCompleted(t1(), false);
    expect(t1().completed).toBe(true);

    answer.resolve(task('t1', { completed: true }));
    await ticking;
    expect(calls.filter((call) => call.cmd === 'set_task_completed')).toHaveLength(1);
  });
});

describe('adding a task', () => {
  const newTask: NewTask = { title: 'Call Ada', body: null, dueDate: '2030-01-02T09:00:00.000Z', completed: false, assignedTo: null };

  it('waits for HighLevel, then shows the task from the cache', async () => {
    const created = task('t9', { title: 'Call Ada', contactId: 'c1' });
    const calls = backend({
      open_contact: () => ({ workspace: workspaceOf('c1', [task('t1')]), refreshing: false }),
      create_task: () => created,
      cached_contact: () => workspaceOf('c1', [task('t1'), created]),
    });
    await workspace.open('c1');

    const adding = workspace.addTask(newTask);
    // Not optimistic: nothing appears before HighLevel has it.
    expect(workspace.data?.details.tasks.map((t) => t.id)).toEqual(['t1']);
    expect(await adding).toBeNull();

    expect(calls.find((call) => call.cmd === 'create_task')?.args).toEqual({ contactId: 'c1', task: newTask });
    expect(workspace.data?.details.tasks.map((t) => t.title)).toEqual(['Task t1', 'Call Ada']);
    expect(toasts.items.at(-1)).toMatchObject({ kind: 'success', title: 'Task added' });
  });

  it('returns the offline refusal for the form and changes nothing', async () => {
    const calls = backend({
      open_contact: () => ({ workspace: workspaceOf('c1', [task('t1')]), refreshing: false }),
      create_task: () => {
        throw offline;
      },
    });
    await workspace.open('c1');

    expect(await workspace.addTask(newTask)).toBe(OFFLINE_REFUSAL);

    expect(workspace.data?.details.tasks.map((t) => t.id)).toEqual(['t1']);
    expect(commandsOf(calls)).not.toContain('cached_contact');
    expect(toasts.items).toEqual([]);
  });

  it('returns HighLevel’s validation messages as they are', async () => {
    backend({
      open_contact: () => ({ workspace: workspaceOf('c1'), refreshing: false }),
      create_task: () => {
        throw { code: 'Validation', messages: ['title is required.', 'dueDate is invalid.'] } satisfies AppError;
      },
    });
    await workspace.open('c1');
    expect(await workspace.addTask(newTask)).toBe('title is required. dueDate is invalid.');
  });

  it('refuses without a contact open, sending nothing', async () => {
    const calls = backend({});
    expect(await workspace.addTask(newTask)).toBe('No contact is open.');
    expect(calls).toEqual([]);
  });
});

describe('watching', () => {
  it('flips at once and back again when the change fails', async () => {
    const answer = deferred<null>();
    backend({
      open_contact: () => ({ workspace: workspaceOf('c1'), refreshing: false }),
      watch_contact: () => answer.promise,
    });
    await workspace.open('c1');

    const watching = workspace.setWatched(true);
    expect(workspace.data?.watched).toBe(true);
    answer.reject({ code: 'Storage', message: 'disk full' } satisfies AppError);
    await watching;

    expect(workspace.data?.watched).toBe(false);
    expect(toasts.items.at(-1)).toMatchObject({ kind: 'error', body: 'The local cache failed: disk full' });
  });
});

describe('notes', () => {
  const note = (id: string, body: string): Note => ({ id, title: null, body, userId: 'u1', dateAdded: '2030-01-01T09:00:00Z', contactId: 'c1', color: null, pinned: false });
  const withNotes = (id: string, notes: Note[]) => workspaceFor(contact(id), { notes });

  it('writes a note once HighLevel has it and drops the draft', async () => {
    const calls = backend({
      open_contact: () => ({ workspace: withNotes('c1', []), refreshing: false }),
      create_note: () => note('n1', 'Called Ada'),
      cached_contact: () => withNotes('c1', [note('n1', 'Called Ada')]),
    });
    await workspace.open('c1');
    workspace.startNote();
    workspace.noteDrafts.c1!.body = '  Called Ada \n';

    expect(await workspace.saveNote()).toBeNull();

    expect(calls.find((call) => call.cmd === 'create_note')?.args).toEqual({
      contactId: 'c1',
      note: { body: 'Called Ada', title: null, userId: null, color: null, pinned: null },
    });
    expect(workspace.noteDrafts).toEqual({});
    expect(workspace.data?.details.notes.map((n) => n.id)).toEqual(['n1']);
    expect(toasts.items.at(-1)).toMatchObject({ kind: 'success', title: 'Note added' });
  });

  it('keeps the text and says why when the save is refused offline', async () => {
    backend({
      open_contact: () => ({ workspace: withNotes('c1', []), refreshing: false }),
      create_note: () => {
        throw offline;
      },
    });
    await workspace.open('c1');
    workspace.startNote();
    workspace.noteDrafts.c1!.body = 'Written on the train';

    expect(await workspace.saveNote()).toBe(OFFLINE_REFUSAL);
    expect(workspace.noteDrafts.c1).toEqual({ title: '', body: 'Written on the train' });
  });

  it('refuses a blank note before sending anything', async () => {
    const calls = backend({ open_contact: () => ({ workspace: withNotes('c1', []), refreshing: false }) });
    await workspace.open('c1');
    workspace.startNote();
    expect(await workspace.saveNote()).toBe('A note needs some text.');
    expect(commandsOf(calls)).toEqual(['open_contact']);
  });

  it('keeps a draft while another contact is open, and edits apart from new notes', async () => {
    backend({ open_contact: ({ contactId }) => ({ workspace: withNotes(contactId as string, [note('n1', 'Old text')]), refreshing: false }) });
    await workspace.open('c1');
    workspace.startNote();
    workspace.noteDrafts.c1!.body = 'Half a thought';
    workspace.startNote(workspace.data!.details.notes[0]!);
    workspace.noteDrafts['c1/n1']!.body = 'Old text, edited';

    await workspace.open('c2');
    expect(workspace.noteDrafts['c2']).toBeUndefined();
    await workspace.open('c1');

    expect(workspace.noteDrafts.c1?.body).toBe('Half a thought');
    expect(workspace.noteDrafts['c1/n1']?.body).toBe('Old text, edited');
    // Opening the editor again keeps what was typed.
    workspace.startNote();
    expect(workspace.noteDrafts.c1?.body).toBe('Half a thought');
  });

  it('saves an edit through update_note', async () => {
    const calls = backend({
      open_contact: () => ({ workspace: withNotes('c1', [note('n1', 'Old')]), refreshing: false }),
      update_note: () => note('n1', 'New'),
      cached_contact: () => withNotes('c1', [note('n1', 'New')]),
    });
    await workspace.open('c1');
    workspace.startNote(workspace.data!.details.notes[0]!);
    workspace.noteDrafts['c1/n1']!.body = 'New';

    expect(await workspace.saveNote('n1')).toBeNull();
    expect(calls.find((call) => call.cmd === 'update_note')?.args).toMatchObject({ contactId: 'c1', noteId: 'n1', changes: { body: 'New' } });
    expect(workspace.noteDrafts['c1/n1']).toBeUndefined();
  });

  it('deletes a note and Undo writes the same text back', async () => {
    const gone = { ...note('n1', 'Keep this?'), title: 'Call notes', pinned: true };
    const calls = backend({
      open_contact: () => ({ workspace: withNotes('c1', [gone]), refreshing: false }),
      delete_note: () => null,
      create_note: () => note('n2', 'Keep this?'),
      cached_contact: () => withNotes('c1', []),
    });
    await workspace.open('c1');

    expect(await workspace.deleteNote(gone)).toBeNull();
    expect(calls.find((call) => call.cmd === 'delete_note')?.args).toEqual({ contactId: 'c1', noteId: 'n1' });
    const undo = toasts.items.at(-1)?.action;
    expect(undo?.label).toBe('Undo');

    undo!.run();
    await vi.waitFor(() => expect(commandsOf(calls)).toContain('create_note'));
    expect(calls.find((call) => call.cmd === 'create_note')?.args).toEqual({
      contactId: 'c1',
      note: { body: 'Keep this?', title: 'Call notes', userId: 'u1', color: null, pinned: true },
    });
    await vi.waitFor(() => expect(toasts.items.at(-1)?.title).toBe('Note restored'));
  });
});

describe('removing a tag', () => {
  it('asks HighLevel to remove that one tag', async () => {
    const calls = backend({
      open_contact: () => ({ workspace: workspaceOf('c1'), refreshing: false }),
      remove_tag: () => ['kept'],
      cached_contact: () => workspaceOf('c1'),
    });
    await workspace.open('c1');
    expect(await workspace.removeTag('gone')).toBeNull();
    expect(calls.find((call) => call.cmd === 'remove_tag')?.args).toEqual({ contactId: 'c1', tag: 'gone' });
  });
});
