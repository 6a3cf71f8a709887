import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Tasks from './Tasks.svelte';
import type { Inbox, InboxTask } from '../bindings';
import { navigation } from '../lib/navigation.svelte';
import { inbox } from '../stores/inbox.svelte';
import { HOSTILE, backend, callsOf, task } from '../testing/fixtures';

function row(id: string, contactName = `Contact ${id}`): InboxTask {
  return { task: task(id, { contactId: `c-${id}`, dueDate: '2020-01-01T09:00:00Z' }), contactId: `c-${id}`, contactName };
}

const OVERDUE: Inbox = {
  sections: [
    { group: 'Overdue', total: 3, tasks: [row('a', HOSTILE), row('b'), row('c')] },
    { group: 'Today', total: 0, tasks: [] },
    { group: 'Upcoming', total: 0, tasks: [] },
    { group: 'NoDueDate', total: 0, tasks: [] },
    { group: 'Completed', total: 0, tasks: [] },
  ],
  owners: [],
};

const boxes = () => screen.getAllByTestId('inbox-select') as HTMLInputElement[];

beforeEach(() => {
  inbox.clearSelection();
  inbox.cursor = null;
  inbox.failures = {};
  navigation.go('tasks');
  navigation.contactId = null;
});

describe('the task inbox screen', () => {
  it('selects and completes two tasks by keyboard alone', async () => {
    const calls = backend({ task_inbox: () => OVERDUE, set_task_completed: ({ taskId }) => task(taskId as string, { completed: true }) });
    render(Tasks);
    await waitFor(() => expect(boxes()).toHaveLength(3));

    boxes()[0]!.focus();
    await fireEvent.keyDown(boxes()[0]!, { key: 'x' });
    await fireEvent.keyDown(boxes()[0]!, { key: 'j' });
    await waitFor(() => expect(document.activeElement).toBe(boxes()[1]));
    await fireEvent.keyDown(boxes()[1]!, { key: 'x' });
    expect(screen.getByTestId('inbox-selected').textContent).toBe('2 tasks selected');
    await fireEvent.keyDown(boxes()[1]!, { key: 'c' });

    await waitFor(() => expect(callsOf(calls, 'set_task_completed')).toHaveLength(2));
    expect(callsOf(calls, 'set_task_completed').map((call) => call.args.taskId)).toEqual(['a', 'b']);
  });

  it('opens the contact with Enter and searches with /', async () => {
    backend({ task_inbox: () => OVERDUE });
    render(Tasks);
    await waitFor(() => expect(boxes()).toHaveLength(3));
    boxes()[2]!.focus();
    await fireEvent.keyDown(boxes()[2]!, { key: '/' });
    expect(document.activeElement).toBe(screen.getByTestId('inbox-search'));

    await fireEvent.focus(boxes()[2]!);
    await fireEvent.keyDown(boxes()[2]!, { key: 'Enter' });
    expect(navigation.current).toBe('contacts');
    expect(navigation.contactId).toBe('c-c');
  });

  it('shows hostile words as text, isolated for bidi', async () => {
    backend({ task_inbox: () => OVERDUE });
    render(Tasks);
    await waitFor(() => expect(boxes()).toHaveLength(3));
    const first = document.querySelector('[data-inbox-task="a"]')!;
    expect(first.querySelector('bdi')?.textContent).toBe(HOSTILE);
    expect(first.querySelector('.title')?.getAttribute('dir')).toBe('auto');
    expect(first.querySelector('script')).toBeNull();
    expect(screen.getByTestId('inbox-count-Overdue').textContent).toBe('3');
  });
});
