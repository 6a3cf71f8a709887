import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Contacts from './Contacts.svelte';
import type { AppError, ContactFilter, ContactListPage, ContactRow, ContactWorkspace, NewTask, Task } from '../bindings';
import { contacts, emptyFilter } from '../stores/contacts.svelte';
import { workspace } from '../stores/workspace.svelte';
import { session } from '../stores/session.svelte';
import { toasts } from '../stores/toasts.svelte';
import { navigation } from '../lib/navigation.svelte';
import {
  HOSTILE,
  OFFLINE_REFUSAL,
  backend as mockBackend,
  callsOf as commandCalls,
  contact,
  contactRow,
  task,
  workspaceOf as workspaceFor,
  type Handler,
  resetContactList,
} from '../testing/fixtures';

const HOSTILE_IMG = '<img src=x onerror=alert(1)>';

/** The workspace of a listed contact: its `tasks`, a note and an appointment, synced just now. */
function workspaceOf(row: ContactRow, tasks: Task[] = []): ContactWorkspace {
  const { id, name, email, phone, companyName, businessId, assignedTo, tags } = row;
  const details = {
    tasks,
    notes: [{ id: `n-${id}`, title: null, body: `Met ${name} at the fair`, userId: null, dateAdded: '2025-03-01T10:00:00Z', contactId: id, color: null }],
    appointments: [
      {
        id: `a-${id}`,
        calendarId: null,
        title: `Viewing with ${name}`,
        status: null,
        appointmentStatus: 'confirmed',
        assignedUserId: null,
        notes: null,
        startTime: '2099-01-05T10:00:00',
        endTime: '2099-01-05T11:00:00',
        address: null,
        locationId: null,
        contactId: id,
        groupId: null,
      },
    ],
  };
  const synced = workspaceFor(contact(id, { name, email, phone, companyName, businessId, assignedTo, tags }), details, new Date().toISOString());
  return { ...synced, watched: row.watched };
}

const ROWS = [
  contactRow('c1', 'Ada Lovelace', { openTasks: 1 }),
  contactRow('c2', 'Grace Hopper', { overdue: true, openTasks: 2, nextDue: '2020-01-01T00:00:00Z' }),
  contactRow('c3', 'Alan Turing', { companyName: null, email: null, phone: '+1 555 0100' }),
];

/**
 * The Rust side of the Contacts screen: the list from `rows`, each contact's workspace
 * from `tasks`, and `extra` for whatever a test wants to answer differently.
 */
function backend(rows: ContactRow[] = ROWS, extra: Record<string, Handler> = {}) {
  const tasks: Record<string, Task[]> = { c1: [task('t1', { title: 'Send the contract', dueDate: '2030-06-01T09:00:00Z' })] };
  const find = (id: unknown) => rows.find((row) => row.id === id)!;
  const handlers: Record<string, Handler> = {
    list_contacts: ({ filter, offset, limit }) => {
      const search = (filter as ContactFilter).search?.toLowerCase();
      const matching = search ? rows.filter((row) => row.name.toLowerCase().includes(search)) : rows;
      const start = offset as number;
      const page: ContactListPage = {
        rows: matching.slice(start, start + (limit as number)),
        offset: start,
        total: start === 0 ? matching.length : null,
        capped: false,
      };
      return page;
    },
    contact_facets: () => ({ tags: [], owners: [] }),
    open_contact: ({ contactId }) => ({ workspace: workspaceOf(find(contactId), tasks[contactId as string] ?? []), refreshing: false }),
    cached_contact: ({ contactId }) => workspaceOf(find(contactId), tasks[contactId as string] ?? []),
    create_task: ({ contactId, task: input }) => {
      const created = task(`t${Date.now()}`, { title: (input as NewTask).title, dueDate: (input as NewTask).dueDate });
      tasks[contactId as string] = [...(tasks[contactId as string] ?? []), created];
      return created;
    },
    ...extra,
  };
  return mockBackend(handlers, { strict: true, delayed: true, events: true });
}

const list = () => screen.getByTestId('contact-list');
const rowFor = (id: string) => list().querySelector<HTMLElement>(`[data-contact-id="${id}"]`);
const rowNames = () => [...list().querySelectorAll('[role="option"] .name')].map((el) => el.textContent);
const search = () => screen.getByTestId('contact-search') as HTMLInputElement;

async function openContact(id: string) {
  await waitFor(() => expect(rowFor(id)).not.toBeNull());
  await fireEvent.click(rowFor(id)!);
  return waitFor(() => {
    const pane = screen.getByTestId('workspace');
    expect(pane.dataset.contactId).toBe(id);
    return pane;
  });
}

async function typeTask(title: string) {
  await fireEvent.click(screen.getByTestId('add-task'));
  const input = (await screen.findByTestId('task-title')) as HTMLInputElement;
  await fireEvent.input(input, { target: { value: title } });
  await fireEvent.input(screen.getByTestId('task-due'), { target: { value: '2030-06-01T09:30' } });
  await fireEvent.submit(input.form!);
  return input;
}

beforeEach(() => {
  navigation.current = 'contacts';
  navigation.contactId = null;
  workspace.close();
  workspace.taskView = 'pending';
  workspace.busyTasks = {};
  resetContactList();
  session.connectivity = null;
  session.progress = null;
  toasts.items = [];
  localStorage.clear();
  (document.activeElement as HTMLElement | null)?.blur();
});

afterEach(async () => {
  cleanup();
  // Answers still on their way land (and listeners unlisten) while the IPC mock is there.
  await new Promise((resolve) => setTimeout(resolve, 20));
});

describe('the contact list', () => {
  it('shows a row per contact from the cache, with the count', async () => {
    const calls = backend();
    render(Contacts);

    await waitFor(() => expect(rowNames()).toEqual(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']));
    expect(screen.getByTestId('contact-count').textContent?.trim()).toBe('3');
    expect(commandCalls(calls, 'list_contacts')[0]?.args).toEqual({ filter: emptyFilter(), sort: 'Newest', offset: 0, limit: 100 });
    expect(rowFor('c1')!.textContent).toContain('Globex · c1@example.com');
    expect(rowFor('c3')!.textContent).toContain('+1 555 0100');
    expect(within(rowFor('c2')!).getByText('Overdue')).toBeTruthy();
    expect(within(rowFor('c1')!).getByText('1 open')).toBeTruthy();
    // Nothing is open yet.
    expect(screen.queryByTestId('workspace')).toBeNull();
    expect(screen.getByText(/Select a contact/)).toBeTruthy();
  });

  it('shows hostile names as text, in the list and in the workspace', async () => {
    backend([contactRow('evil', HOSTILE), contactRow('evil2', HOSTILE_IMG)]);
    const { container } = render(Contacts);

    await waitFor(() => expect(rowNames()).toEqual([HOSTILE, HOSTILE_IMG]));
    const pane = await openContact('evil');
    expect(within(pane).getByTestId('contact-name').textContent).toBe(HOSTILE);
    expect(within(pane).getByText(`Met ${HOSTILE} at the fair`)).toBeTruthy();
    expect(container.querySelector('script, img')).toBeNull();
    expect(document.body.querySelector('script, img')).toBeNull();
  });

  it('makes only http(s) websites links, and opens them through Rust', async () => {
    const web = contactRow('web', 'Web Site');
    const evil = contactRow('js', 'Script Link');
    const calls = backend([web, evil], {
      open_contact: ({ contactId }) => {
        const row = contactId === 'web' ? web : evil;
        const workspace = workspaceOf(row);
        workspace.contact.website = contactId === 'web' ? 'https://example.com/a' : 'javascript:alert(1)';
        return { workspace, refreshing: false };
      },
      open_external: () => null,
    });
    render(Contacts);
    await waitFor(() => expect(rowNames()).toHaveLength(2));

    let pane = await openContact('js');
    expect(within(pane).queryByTestId('website-link')).toBeNull();
    expect(within(pane).getByTestId('website-text').textContent).toBe('javascript:alert(1)');

    pane = await openContact('web');
    await waitFor(() => expect(within(pane).getByTestId('website-link').textContent).toBe('https://example.com/a'));
    await fireEvent.click(within(pane).getByTestId('website-link'));
    await waitFor(() =>
      expect(commandCalls(calls, 'open_external').map((call) => call.args)).toEqual([{ url: 'https://example.com/a' }]),
    );
  });

  it('searches as you type and says when a search is capped', async () => {
    const calls = backend(ROWS, {
      list_contacts: ({ filter, offset }) => {
        const search = (filter as ContactFilter).search;
        if (search === 'a') return { rows: ROWS, offset, total: offset === 0 ? 500 : null, capped: true };
        const rows = search ? ROWS.filter((row) => row.name.includes(search)) : ROWS;
        return { rows, offset, total: offset === 0 ? rows.length : null, capped: false };
      },
    });
    render(Contacts);
    await waitFor(() => expect(rowNames()).toHaveLength(3));

    await fireEvent.input(search(), { target: { value: 'Grace' } });
    await waitFor(() => expect(rowNames()).toEqual(['Grace Hopper']));
    expect(commandCalls(calls, 'list_contacts').at(-1)?.args.filter).toEqual({ ...emptyFilter(), search: 'Grace' });

    await fireEvent.input(search(), { target: { value: 'a' } });
    await waitFor(() => expect(screen.getByTestId('contact-count').textContent?.trim()).toBe('500+'));
    expect(screen.getByText(/Showing the first 500 matches/)).toBeTruthy();
  });

  it('reads the list once when it opens, then waits for something to change', async () => {
    const calls = backend();
    render(Contacts);
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    const reads = commandCalls(calls, 'list_contacts').length;
    const facets = commandCalls(calls, 'contact_facets').length;

    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(commandCalls(calls, 'list_contacts')).toHaveLength(reads);
    expect(commandCalls(calls, 'contact_facets')).toHaveLength(facets);
    expect(facets).toBe(1);
  });

  it('shows why the list could not be read', async () => {
    backend(ROWS, {
      list_contacts: () => {
        throw { code: 'Storage', message: 'database disk image is malformed' } satisfies AppError;
      },
    });
    render(Contacts);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The local cache failed: database disk image is malformed');
  });
});

describe('the keyboard', () => {
  it('focuses the search box on / from anywhere but another field', async () => {
    backend();
    render(Contacts);
    await waitFor(() => expect(rowNames()).toHaveLength(3));

    expect(document.activeElement).toBe(document.body);
    const notPrevented = await fireEvent.keyDown(document.body, { key: '/' });
    expect(notPrevented).toBe(false);
    expect(document.activeElement).toBe(search());

    // Typing a slash into another field stays there.
    await openContact('c1');
    const tagInput = screen.getByTestId('tag-input');
    tagInput.focus();
    expect(await fireEvent.keyDown(tagInput, { key: '/' })).toBe(true);
    expect(document.activeElement).toBe(tagInput);
  });

  it('focuses the list on ArrowDown when nothing has focus, then moves and opens', async () => {
    const calls = backend();
    render(Contacts);
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    expect(document.activeElement).toBe(document.body);

    // The first key focuses the list at its selection, as search's ↓ does.
    expect(await fireEvent.keyDown(document.body, { key: 'ArrowDown' })).toBe(false);
    expect(document.activeElement).toBe(list());
    expect(contacts.selected).toBe(0);

    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });

    expect(contacts.selected).toBe(1);
    expect(rowFor('c2')!.getAttribute('aria-selected')).toBe('true');
    expect(rowFor('c1')!.getAttribute('aria-selected')).toBe('false');
    expect(list().getAttribute('aria-activedescendant')).toBe('contact-row-1');

    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });

    expect(navigation.contactId).toBe('c2');
    const pane = await screen.findByTestId('workspace');
    expect(pane.dataset.contactId).toBe('c2');
    expect(within(pane).getByTestId('contact-name').textContent).toBe('Grace Hopper');
    expect(commandCalls(calls, 'open_contact').map((call) => call.args)).toEqual([{ contactId: 'c2' }]);
  });

  it('opens the selected contact on Enter pressed on the page itself', async () => {
    backend();
    render(Contacts);
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    contacts.selected = 2;

    await fireEvent.keyDown(document.body, { key: 'Enter' });

    expect(navigation.contactId).toBe('c3');
    expect((await screen.findByTestId('workspace')).dataset.contactId).toBe('c3');
  });

  it('starts the new-contact form at its first field, not the close button', async () => {
    backend();
    render(Contacts);
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await fireEvent.click(screen.getByTestId('new-contact'));

    expect(document.activeElement).toBe(await screen.findByTestId('contact-first-name'));
  });

  it('leaves list keys alone while the new-contact form is open', async () => {
    backend();
    render(Contacts);
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await fireEvent.click(screen.getByTestId('new-contact'));
    (document.activeElement as HTMLElement | null)?.blur();

    expect(await fireEvent.keyDown(document.body, { key: 'ArrowDown' })).toBe(true);
    expect(document.activeElement).not.toBe(list());
    await fireEvent.keyDown(document.body, { key: 'Enter' });

    expect(navigation.contactId).toBeNull();
  });

  it('leaves the arrows to the open workspace', async () => {
    backend();
    render(Contacts);
    await openContact('c1');
    (document.activeElement as HTMLElement | null)?.blur();

    expect(await fireEvent.keyDown(document.body, { key: 'ArrowDown' })).toBe(true);
    expect(document.activeElement).not.toBe(list());
    expect(contacts.selected).toBe(0);
  });
});

describe('the workspace', () => {
  it('opens a clicked contact with its tasks, notes and appointments', async () => {
    const calls = backend();
    render(Contacts);

    const pane = await openContact('c1');

    expect(navigation.contactId).toBe('c1');
    expect(rowFor('c1')!.classList.contains('open')).toBe(true);
    expect(commandCalls(calls, 'open_contact').map((call) => call.args)).toEqual([{ contactId: 'c1' }]);
    expect(within(pane).getByTestId('contact-name').textContent).toBe('Ada Lovelace');
    expect(within(within(pane).getByTestId('tasks')).getByText('Send the contract')).toBeTruthy();
    expect(within(within(pane).getByTestId('notes')).getByText('Met Ada Lovelace at the fair')).toBeTruthy();
    expect(within(within(pane).getByTestId('appointments')).getByText('Viewing with Ada Lovelace')).toBeTruthy();
    expect(within(pane).getByTestId('tags')).toBeTruthy();
  });

  it('adds a task with the typed title and shows it once HighLevel has it', async () => {
    const calls = backend();
    render(Contacts);
    await openContact('c1');

    await typeTask('Call about the renewal');

    await waitFor(() => expect(screen.queryByTestId('task-title')).toBeNull());
    const sent = commandCalls(calls, 'create_task').map((call) => call.args);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ contactId: 'c1', task: { title: 'Call about the renewal', completed: false } });
    expect(new Date((sent[0]!.task as NewTask).dueDate).getTime()).toBe(new Date(2030, 5, 1, 9, 30).getTime());
    expect(within(screen.getByTestId('tasks')).getByText('Call about the renewal')).toBeTruthy();
  });

  it('keeps the typed title and says so when offline', async () => {
    const calls = backend(ROWS, {
      create_task: () => {
        throw { code: 'Offline', reason: 'connection refused' } satisfies AppError;
      },
    });
    render(Contacts);
    await openContact('c1');

    const input = await typeTask('Call about the renewal');

    expect((await screen.findByTestId('task-error')).textContent).toBe(OFFLINE_REFUSAL);
    expect(screen.getByTestId('task-title')).toBe(input);
    expect(input.value).toBe('Call about the renewal');
    expect(commandCalls(calls, 'create_task')).toHaveLength(1);
    expect(within(screen.getByTestId('tasks')).queryByText('Call about the renewal')).toBeNull();
    expect((screen.getByTestId('task-save') as HTMLButtonElement).disabled).toBe(false);
  });

  it('does not send a task without a title', async () => {
    const calls = backend();
    render(Contacts);
    await openContact('c1');

    await typeTask('   ');

    expect((await screen.findByTestId('task-error')).textContent).toBe('A task needs a title.');
    expect(calls.some((call) => call.cmd === 'create_task')).toBe(false);
  });

  it('puts a refused tick back and says why', async () => {
    backend(ROWS, {
      set_task_completed: () => {
        throw { code: 'Offline', reason: 'connection refused' } satisfies AppError;
      },
    });
    render(Contacts);
    await openContact('c1');
    const check = within(screen.getByTestId('tasks')).getByTestId('task-check') as HTMLInputElement;
    expect(check.checked).toBe(false);

    await fireEvent.click(check);

    await waitFor(() => expect(toasts.items.at(-1)?.title).toBe('The task is still open'));
    expect(toasts.items.at(-1)?.body).toBe(OFFLINE_REFUSAL);
    await vi.waitFor(() => {
      const again = within(screen.getByTestId('tasks')).getByTestId('task-check') as HTMLInputElement;
      expect(again.checked).toBe(false);
      expect(again.disabled).toBe(false);
    });
  });
});
