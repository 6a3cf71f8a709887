import { beforeEach, describe, expect, it } from 'vitest';
import { inbox, INBOX_PAGE, ownerLabel } from './inbox.svelte';
import { names } from './names.svelte';
import { scope } from './scope.svelte';
import type { AppError, Inbox, InboxGroup, InboxTask } from '../bindings';
import { OFFLINE_REFUSAL, backend, callsOf, task } from '../testing/fixtures';

function row(id: string, contactId = `c-${id}`, completed = false): InboxTask {
  return { task: task(id, { completed, contactId }), contactId, contactName: `Contact ${id}` };
}

function inboxOf(groups: Partial<Record<InboxGroup, InboxTask[]>>): Inbox {
  const order: InboxGroup[] = ['Overdue', 'Today', 'Upcoming', 'NoDueDate', 'Completed'];
  return {
    sections: order.map((group) => ({ group, total: groups[group]?.length ?? 0, tasks: groups[group] ?? [] })),
    owners: [{ owner: 'u1', open: 2 }],
  };
}

const seeded = () => inboxOf({ Overdue: [row('a'), row('b')], Today: [row('c')], Upcoming: [row('d')], Completed: [row('z', 'c-z', true)] });
const ids = () => inbox.rows.map((r) => r.task.id);

beforeEach(async () => {
  backend({ task_inbox: () => null });
  await inbox.load();
  inbox.filter = { owner: null, search: null };
  inbox.limit = INBOX_PAGE;
  inbox.showCompleted = false;
  inbox.clearSelection();
  inbox.cursor = null;
  inbox.failures = {};
  inbox.completion = null;
});

describe('the task inbox', () => {
  it('reads every group from the cache and keeps completed tasks folded away', async () => {
    const calls = backend({ task_inbox: () => seeded() });
    await inbox.load();
    expect(callsOf(calls, 'task_inbox')[0]?.args).toEqual({ filter: { owner: null, search: null }, limit: INBOX_PAGE });
    expect(ids()).toEqual(['a', 'b', 'c', 'd']);
    inbox.showCompleted = true;
    expect(ids()).toEqual(['a', 'b', 'c', 'd', 'z']);
  });

  it('asks again by owner and search, from the first page', async () => {
    const calls = backend({ task_inbox: () => seeded() });
    inbox.limit = 3 * INBOX_PAGE;
    inbox.setOwner('u1');
    inbox.setSearch('  ada ');
    await Promise.resolve();
    expect(callsOf(calls, 'task_inbox').at(-1)?.args).toEqual({ filter: { owner: 'u1', search: 'ada' }, limit: INBOX_PAGE });
  });

  it('says who an owner is by name once names are read, and who nobody is', async () => {
    expect(ownerLabel('u1')).toBe('u1');
    expect(ownerLabel(null)).toBe('Unassigned');
    backend({ get_names: () => ({ names: { users: [{ id: 'u1', name: 'Ada Lovelace' }], customFields: [] }, hints: [] }) });
    await names.refresh();
    expect(ownerLabel('u1')).toBe('Ada Lovelace');
  });

  it('selects one row at a time, or a range with Shift, never a completed task', async () => {
    backend({ task_inbox: () => seeded() });
    await inbox.load();
    inbox.showCompleted = true;
    inbox.toggle('b');
    inbox.toggle('z', true);
    expect(inbox.chosen.map((r) => r.task.id)).toEqual(['b', 'c', 'd']);
    expect(inbox.selected.z).toBeUndefined();
    inbox.toggle('c');
    expect(inbox.chosen.map((r) => r.task.id)).toEqual(['b', 'd']);
    // A range runs either way from the last plain click.
    inbox.toggle('a', true);
    expect(inbox.chosen.map((r) => r.task.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('moves the keyboard row within the rows', async () => {
    backend({ task_inbox: () => seeded() });
    await inbox.load();
    expect(inbox.move(1)?.task.id).toBe('a');
    expect(inbox.move(-1)?.task.id).toBe('a');
    inbox.move(10);
    expect(inbox.cursor).toBe('d');
  });

  it('completes the selection one request per task, keeping failures selected with why', async () => {
    const refusals: Record<string, AppError> = { b: { code: 'Offline', reason: 'connection refused' } };
    const calls = backend({
      task_inbox: () => seeded(),
      set_task_completed: ({ taskId }) => {
        const refusal = refusals[taskId as string];
        if (refusal) throw refusal;
        return task(taskId as string, { completed: true });
      },
    });
    await inbox.load();
    inbox.toggle('a');
    inbox.toggle('c', true);

    await inbox.completeSelected();

    expect(callsOf(calls, 'set_task_completed').map((call) => call.args)).toEqual([
      { contactId: 'c-a', taskId: 'a', completed: true },
      { contactId: 'c-b', taskId: 'b', completed: true },
      { contactId: 'c-c', taskId: 'c', completed: true },
    ]);
    expect(Object.keys(inbox.selected)).toEqual(['b']);
    expect(inbox.failures).toEqual({ b: OFFLINE_REFUSAL });
    expect(inbox.completion).toBeNull();
    // The inbox is read again once the work is done.
    expect(callsOf(calls, 'task_inbox')).toHaveLength(2);
  });

  it('sends nothing when nothing open is selected', async () => {
    const calls = backend({ task_inbox: () => seeded() });
    await inbox.load();
    await inbox.completeSelected();
    expect(callsOf(calls, 'set_task_completed')).toEqual([]);
  });
});

describe('the task inbox across locations', () => {
  it('reads every location and completes each task where it lives', async () => {
    scope.locations = [
      { profileId: 'north', name: 'North', locationId: 'loc-n' },
      { profileId: 'south', name: 'South', locationId: 'loc-s' },
    ];
    scope.chosen = true;
    const located = (r: InboxTask, profileId: string) => ({ ...r, profileId, location: profileId });
    const answer = { sections: inboxOf({ Overdue: [] }).sections.map((section) => ({ ...section })) };
    answer.sections[0] = { group: 'Overdue', total: 2, tasks: [located(row('a'), 'north'), located(row('b'), 'south')] };
    const calls = backend({ located_task_inbox: () => answer, set_located_task_completed: (args) => ({ ...task(String(args.taskId)), completed: true }) });
    await inbox.load();
    expect(callsOf(calls, 'located_task_inbox')[0]?.args).toEqual({ filter: { owner: null, search: null }, locations: [], limit: INBOX_PAGE });
    expect(inbox.owners).toEqual([]);

    inbox.toggle('a');
    inbox.toggle('b');
    await inbox.completeSelected();
    expect(callsOf(calls, 'set_located_task_completed').map((call) => call.args)).toEqual([
      { profileId: 'north', contactId: 'c-a', taskId: 'a', completed: true },
      { profileId: 'south', contactId: 'c-b', taskId: 'b', completed: true },
    ]);
    expect(callsOf(calls, 'set_task_completed')).toEqual([]);
    scope.locations = [];
    scope.chosen = false;
  });
});
