import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { mockIPC } from '@tauri-apps/api/mocks';
import Explorer from './Explorer.svelte';
import type { ApiCall, Contact, Operation, RequestRecord } from '../bindings';
import { explorer } from '../stores/explorer.svelte';
import { ENDPOINTS, RESOURCES, contactFields, contactSearch, endpoint, initialValues, isWrite, newTask, noteFields, taskChanges } from './explorer/endpoints';
import { validate } from './explorer/validate';
import { workspaceMapping } from './explorer/mapping';
import { HOSTILE, HYPERLINK, contact as baseContact, requestRecord } from '../testing/fixtures';

/** A request the Explorer made in the foreground. */
function record(patch: Partial<RequestRecord> = {}): RequestRecord {
  return requestRecord({
    ids: [{ name: 'contactId', value: 'c-1' }],
    lane: 'Interactive',
    durationMs: 42,
    traceId: 'trace-abc',
    headroom: { remaining: 97, max: 100, intervalMs: 10_000, dailyRemaining: 199_990, dailyLimit: 200_000 },
    ...patch,
  });
}

/** A hostile contact, with a field the app does not know. */
const contact = {
  ...baseContact('c-1', { locationId: 'loc', firstName: HOSTILE, lastName: 'Doe', email: 'jane@example.com', companyName: HYPERLINK, tags: ['vip'] }),
  mysteryField: 1,
} as unknown as Contact;

function select(id: string) {
  explorer.select(id);
}

beforeEach(() => {
  explorer.selectedId = 'getContact';
  explorer.values = initialValues(endpoint('getContact')!);
  explorer.errors = {};
  explorer.result = null;
  explorer.confirming = false;
  explorer.sampleError = null;
});

describe('the endpoint catalogue', () => {
  it('lists the 38 endpoints under their thirteen resources', () => {
    expect(ENDPOINTS).toHaveLength(38);
    expect(new Set(ENDPOINTS.map((e) => e.operationId)).size).toBe(38);
    expect(RESOURCES).toHaveLength(13);
    expect(new Set(ENDPOINTS.map((e) => e.resource))).toEqual(new Set(RESOURCES));
    render(Explorer);
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([...RESOURCES]);
    expect(screen.getByRole('button', { name: 'GET /contacts/:contactId' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Custom fields' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'GET /users/' })).toBeTruthy();
  });
});

describe('the searches', () => {
  it('are reads, and the contact search form builds the documented body', () => {
    expect(isWrite(endpoint('searchContactsAdvanced')!)).toBe(false);
    expect(isWrite(endpoint('taskSearch')!)).toBe(false);
    expect(isWrite(endpoint('addTags')!)).toBe(true);
    expect(isWrite(endpoint('getDuplicateContact')!)).toBe(false);
    expect(isWrite(endpoint('upsertContact')!)).toBe(true);
    const values = { ...initialValues(endpoint('searchContactsAdvanced')!), updatedSince: '2026-11-29T10:00:00Z', sort: 'dateUpdated' };
    expect(contactSearch(values)).toEqual({
      pageLimit: 20,
      page: null,
      filters: [{ field: 'dateUpdated', operator: 'range', value: { gte: '2026-11-29T10:00:00.000Z' } }],
      sort: [{ field: 'dateUpdated', direction: 'asc' }],
    });
  });
});

describe('validation', () => {
  it('requires ids and refuses ones that would change the path', () => {
    const e = endpoint('getTask')!;
    expect(validate(e, { contactId: '', taskId: 't' })).toEqual({ contactId: 'Contact id is required' });
    expect(validate(e, { contactId: 'a/b', taskId: 't' }).contactId).toMatch(/slashes/);
    expect(validate(e, { contactId: 'abc', taskId: 't 1' }).taskId).toMatch(/spaces/);
    expect(validate(e, { contactId: ' abc ', taskId: 't1' })).toEqual({});
  });

  it('checks numbers against their bounds and the cursor as a pair', () => {
    const e = endpoint('getContacts')!;
    const base = initialValues(e);
    expect(validate(e, { ...base, limit: '101' }).limit).toBe('Limit must be at most 100');
    expect(validate(e, { ...base, limit: '2.5' }).limit).toBe('Limit must be a whole number');
    expect(validate(e, { ...base, startAfter: '1700000000000' }).startAfterId).toMatch(/startAfterId/);
    expect(validate(e, { ...base, startAfter: '1700000000000', startAfterId: 'x' })).toEqual({});
  });

  it('checks the raw JSON against the body type and the typed fields', () => {
    const e = endpoint('createContact')!;
    const base = initialValues(e);
    expect(validate(e, { ...base, extra: '{"city":' }).extra).toMatch(/Not valid JSON/);
    expect(validate(e, { ...base, extra: '[1]' }).extra).toMatch(/JSON object/);
    expect(validate(e, { ...base, extra: '{"password":"x"}' }).extra).toMatch(/"password" is not a field/);
    expect(validate(e, { ...base, extra: '{"dnd":"yes"}' }).extra).toBe('"dnd" must be true or false');
    expect(validate(e, { ...base, firstName: 'Ada', extra: '{"firstName":"Bob"}' }).extra).toMatch(/already set/);
    expect(validate(e, base)).toEqual({ form: 'Fill in at least one field to send' });
    const ok = { ...base, firstName: 'Ada', tags: 'a, b', extra: '{"city":"Lyon","dnd":false}' };
    expect(validate(e, ok)).toEqual({});
    expect(contactFields(ok)).toEqual({ firstName: 'Ada', tags: ['a', 'b'], city: 'Lyon', dnd: false });
  });

  it('builds task bodies with only the fields given', () => {
    const create = endpoint('createTask')!;
    expect(validate(create, { ...initialValues(create), contactId: 'c' })).toEqual({
      title: 'Title is required',
      dueDate: 'Due is required',
    });
    const task = newTask({ ...initialValues(create), title: 'Call', dueDate: '2025-04-01T09:30' });
    expect(task.title).toBe('Call');
    expect(task.completed).toBe(false);
    expect(new Date(task.dueDate).getTime()).toBe(new Date('2025-04-01T09:30').getTime());

    const update = endpoint('updateTask')!;
    const untouched = { ...initialValues(update), contactId: 'c', taskId: 't' };
    expect(validate(update, untouched)).toEqual({ form: 'Change at least one field' });
    expect(taskChanges({ ...untouched, completed: 'no' })).toEqual({ completed: false });
  });

  it('builds note bodies with only the fields given, and needs text to create one', () => {
    const create = endpoint('createNote')!;
    expect(validate(create, { ...initialValues(create), contactId: 'c' })).toEqual({ body: 'Text is required' });
    expect(noteFields({ ...initialValues(create), body: ' Called ', title: '' })).toEqual({ body: 'Called' });

    const update = endpoint('updateNote')!;
    const untouched = { ...initialValues(update), contactId: 'c', noteId: 'n' };
    expect(validate(update, untouched)).toEqual({ form: 'Change at least one field' });
    expect(noteFields({ ...untouched, pinned: 'yes' })).toEqual({ pinned: true });
  });

  it('enrolls in a workflow from now unless a start is given', async () => {
    const sent: unknown[] = [];
    mockIPC((_cmd, args) => {
      sent.push(args);
      return { response: null, error: null, request: record() } satisfies ApiCall<null>;
    });
    const add = endpoint('addContactToWorkflow')!;
    expect(validate(add, { ...initialValues(add), contactId: 'c' })).toEqual({ workflowId: 'Workflow id is required' });
    await add.send({ ...initialValues(add), contactId: 'c', workflowId: 'wf' });
    await add.send({ ...initialValues(add), contactId: 'c', workflowId: 'wf', eventStartTime: '2026-12-01T09:00:00Z' });
    expect(sent).toEqual([
      { operation: { operation: 'addContactToWorkflow', contactId: 'c', workflowId: 'wf', body: { eventStartTime: null } } },
      { operation: { operation: 'addContactToWorkflow', contactId: 'c', workflowId: 'wf', body: { eventStartTime: '2026-12-01T09:00:00.000Z' } } },
    ]);
  });

  it('sends bulk tag changes with the type in the path and the location left to Rust', async () => {
    const sent: unknown[] = [];
    mockIPC((_cmd, args) => {
      sent.push(args);
      return { response: null, error: null, request: record() } satisfies ApiCall<null>;
    });
    const bulk = endpoint('createAssociation')!;
    await bulk.send({ ...initialValues(bulk), type: 'remove', contacts: 'c1, c2', tags: 'old' });
    expect(sent).toEqual([
      { operation: { operation: 'createAssociation', type: 'remove', body: { contacts: ['c1', 'c2'], tags: ['old'], removeAllTags: null } } },
    ]);
  });

  it('removes tags with the same form as adding them', async () => {
    const remove = endpoint('removeTags')!;
    expect(isWrite(remove)).toBe(true);
    expect(remove.fields).toEqual(endpoint('addTags')!.fields);
    const sent: unknown[] = [];
    mockIPC((_cmd, args) => {
      sent.push(args);
      return { response: ['vip'], error: null, request: record() } satisfies ApiCall<string[]>;
    });
    await remove.send({ contactId: 'c', tags: 'lead, old ' });
    expect(sent).toEqual([{ operation: { operation: 'removeTags', contactId: 'c', body: { tags: ['lead', 'old'] } } }]);
  });
});

describe('sending', () => {
  it('sends a read at once and shows status, trace, headroom, JSON and the mapping as text', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'api_call') {
        calls.push(args);
        return { response: contact, error: null, request: record() } satisfies ApiCall<Contact>;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const { container } = render(Explorer);

    await fireEvent.click(screen.getByTestId('send'));
    expect(await screen.findByText('Contact id is required')).toBeTruthy();
    expect(calls).toHaveLength(0);

    await fireEvent.input(screen.getByLabelText(/Contact id/), { target: { value: 'c-1' } });
    await fireEvent.click(screen.getByTestId('send'));
    const result = await screen.findByTestId('call-result');
    expect(calls).toEqual([{ operation: { operation: 'getContact', contactId: 'c-1' } }]);
    expect(within(result).getByTestId('result-status').textContent).toBe('200');
    expect(within(result).getByTestId('result-trace').textContent).toBe('trace-abc');
    expect(within(result).getByTestId('headroom').textContent).toMatch(/97\s*of 100 left per 10 s/);
    const json = within(result).getByTestId('result-json').textContent!;
    expect(JSON.parse(json)).toEqual(contact);
    expect(json).toContain(HOSTILE);
    expect(container.querySelector('script')).toBeNull();

    const mapping = within(result).getByTestId('workspace-mapping');
    const rowFor = (field: string) => within(mapping).getByText(field).closest('tr')!.textContent;
    expect(rowFor('firstName')).toContain('Contact header');
    expect(rowFor('tags')).toContain('Tags');
    expect(rowFor('mysteryField')).toContain('Not shown');
  });

  it('asks before a write, and sends nothing when cancelled', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'api_call') return { response: null, error: null, request: record({ method: 'DELETE', status: 200 }) };
      throw new Error(`unexpected ${cmd}`);
    });
    select('deleteTask');
    render(Explorer);
    await fireEvent.input(screen.getByLabelText(/Contact id/), { target: { value: 'c-1' } });
    await fireEvent.input(screen.getByLabelText(/Task id/), { target: { value: 't-9' } });

    await fireEvent.click(screen.getByTestId('send'));
    expect(await screen.findByTestId('confirm-write')).toBeTruthy();
    expect(calls).toHaveLength(0);
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('confirm-write')).toBeNull();
    expect(calls).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('send'));
    await fireEvent.click(await screen.findByTestId('confirm-send'));
    await screen.findByTestId('call-result');
    expect(calls).toEqual([{ cmd: 'api_call', args: { operation: { operation: 'deleteTask', contactId: 'c-1', taskId: 't-9' } } }]);
    expect(screen.getByText(/answers with no body/)).toBeTruthy();
  });

  it("shows HighLevel's error with the request's record", async () => {
    mockIPC((cmd, args) => {
      if (cmd === 'api_call' && (args as { operation: Operation }).operation.operation === 'createTask') {
        return {
          response: null,
          error: { code: 'Validation', messages: ['dueDate must be in the future.'] },
          request: record({ method: 'POST', status: 422, error: 'Validation', errorMessage: 'dueDate must be in the future.' }),
        };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    select('createTask');
    render(Explorer);
    await fireEvent.input(screen.getByLabelText(/Contact id/), { target: { value: 'c-1' } });
    await fireEvent.input(screen.getByLabelText(/^Title/), { target: { value: HYPERLINK } });
    await fireEvent.input(screen.getByLabelText(/^Due/), { target: { value: '2020-01-01T10:00' } });
    await fireEvent.click(screen.getByTestId('send'));
    await fireEvent.click(await screen.findByTestId('confirm-send'));
    expect((await screen.findByTestId('result-error')).textContent).toContain('dueDate must be in the future.');
    expect(screen.getByTestId('result-status').textContent).toBe('422');
  });

  it('fills the contact id from the newest cached contact', async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'list_contacts') {
        asked.push(args);
        return { rows: [{ id: 'newest-1' }], offset: 0, total: 250 };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Explorer);
    await fireEvent.click(screen.getByRole('button', { name: /Use a sample contact/ }));
    await vi.waitFor(() => expect((screen.getByLabelText(/Contact id/) as HTMLInputElement).value).toBe('newest-1'));
    expect(asked).toEqual([{ filter: {}, sort: 'Newest', offset: 0, limit: 1 }]);
  });
});

describe('workspace mapping', () => {
  it('lists the fields of list items once each', () => {
    const { rows, perItem } = workspaceMapping('tasks', [
      { id: 't1', title: 'a', dueDate: null },
      { id: 't2', title: 'b', completed: true },
    ]);
    expect(perItem).toBe(true);
    expect(rows.map((r) => [r.field, r.shownAs])).toEqual([
      ['id', 'Not shown'],
      ['title', 'Tasks · title'],
      ['dueDate', 'Tasks · due'],
      ['completed', 'Tasks · open or completed'],
    ]);
  });
});
