/**
 * The Contacts endpoints the explorer can call. Which endpoints there are, with their
 * method, path and summary, comes from the Rust endpoint table (`ENDPOINTS` in
 * bindings.ts); this file adds each one's form (derived from the argument types) and the
 * `Operation` its values make, sent through the one `apiCall` command.
 */
import {
  ENDPOINTS as TABLE,
  type ApiCall,
  type ContactFields,
  type ContactSearch,
  type NewTask,
  type NoteFields,
  type Operation,
  type TaskChanges,
} from '../../bindings';
import { ipc } from '../../lib/ipc';

type Row = (typeof TABLE)[number];
export type OperationName = Operation['operation'];
export type Resource = Row['resource'];
export type Method = Row['method'];
export type ResponseKind =
  | 'contact'
  | 'contactPage'
  | 'businessContacts'
  | 'task'
  | 'tasks'
  | 'note'
  | 'notes'
  | 'appointments'
  | 'calendars'
  | 'tags'
  | 'followers'
  | 'bulk'
  | 'names'
  | 'none';

export type FieldKind = 'id' | 'text' | 'longText' | 'email' | 'integer' | 'boolean' | 'tristate' | 'datetime' | 'tags' | 'json';

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  hint?: string;
  min?: number;
  max?: number;
  /** The value a fresh form starts with. */
  initial?: string | boolean;
  /** For `tristate`: what "no" and "yes" are called (default: Open, Completed). */
  states?: readonly [no: string, yes: string];
  /** For `json`: the keys of the body type it may set, and which typed field each shadows. */
  keys?: readonly string[];
}

export type Values = Record<string, string | boolean>;

/** What the explorer adds to a row of the table. */
interface Form {
  fields: readonly FieldSpec[];
  response: ResponseKind;
  /** A warning shown above the form (e.g. tags replacing on update). */
  note?: string;
  /** The operation validated values describe. */
  operation: (values: Values) => Operation;
}

export interface Endpoint {
  id: OperationName;
  resource: Resource;
  method: Method;
  path: string;
  summary: string;
  /** The OAuth scope HighLevel checks; the write scope means the call changes data. */
  scope: Row['scope'];
  /** HighLevel's operationId, for the record (and `contact-desk api`). */
  operationId: string;
  fields: readonly FieldSpec[];
  response: ResponseKind;
  note?: string;
  /** Calls the endpoint with validated values. */
  send: (values: Values) => Promise<ApiCall<unknown>>;
}

export const CONTACT_FIELD_KEYS = [
  'firstName',
  'lastName',
  'name',
  'email',
  'phone',
  'companyName',
  'address1',
  'city',
  'state',
  'postalCode',
  'country',
  'website',
  'timezone',
  'source',
  'assignedTo',
  'dnd',
  'dateOfBirth',
  'tags',
  'customFields',
] as const satisfies readonly (keyof ContactFields)[];

export const TASK_KEYS = ['title', 'body', 'dueDate', 'completed', 'assignedTo'] as const satisfies readonly (
  | keyof NewTask
  | keyof TaskChanges
)[];

const contactId: FieldSpec = { name: 'contactId', label: 'Contact id', kind: 'id', required: true };
const taskId: FieldSpec = { name: 'taskId', label: 'Task id', kind: 'id', required: true };
const noteId: FieldSpec = { name: 'noteId', label: 'Note id', kind: 'id', required: true };
const campaignId: FieldSpec = { name: 'campaignId', label: 'Campaign id', kind: 'id', required: true };
const workflowId: FieldSpec = { name: 'workflowId', label: 'Workflow id', kind: 'id', required: true };
const followerList: FieldSpec = { name: 'followers', label: 'Followers (user ids)', kind: 'tags', required: true, hint: 'Comma-separated' };
const eventStart: FieldSpec = { name: 'eventStartTime', label: 'Events start', kind: 'datetime', hint: 'Your local time; now when empty' };
const tagList: FieldSpec = { name: 'tags', label: 'Tags', kind: 'tags', required: true, hint: 'Comma-separated' };

const noteBody = (creating: boolean): FieldSpec[] => [
  { name: 'body', label: 'Text', kind: 'longText', required: creating },
  { name: 'title', label: 'Title', kind: 'text' },
  { name: 'pinned', label: 'Pinned', kind: 'tristate', initial: '', states: ['Not pinned', 'Pinned'] },
  { name: 'userId', label: 'Written as (user id)', kind: 'id' },
];

const contactBody: FieldSpec[] = [
  { name: 'firstName', label: 'First name', kind: 'text' },
  { name: 'lastName', label: 'Last name', kind: 'text' },
  { name: 'email', label: 'Email', kind: 'email' },
  { name: 'phone', label: 'Phone', kind: 'text', hint: 'E.164, e.g. +14155550123' },
  { name: 'companyName', label: 'Company', kind: 'text' },
  { name: 'tags', label: 'Tags', kind: 'tags', hint: 'Comma-separated' },
  {
    name: 'extra',
    label: 'Other fields (JSON)',
    kind: 'json',
    keys: CONTACT_FIELD_KEYS,
    hint: 'An object with any other ContactFields, e.g. {"city": "Lyon", "dnd": false}',
  },
];

const taskBody = (creating: boolean): FieldSpec[] => [
  { name: 'title', label: 'Title', kind: 'text', required: creating },
  { name: 'dueDate', label: 'Due', kind: 'datetime', required: creating, hint: 'Your local time; sent as UTC' },
  { name: 'body', label: 'Description', kind: 'longText' },
  creating
    ? { name: 'completed', label: 'Completed', kind: 'boolean', initial: false }
    : { name: 'completed', label: 'Status', kind: 'tristate', initial: '' },
  { name: 'assignedTo', label: 'Assigned to (user id)', kind: 'id' },
  {
    name: 'extra',
    label: 'Other fields (JSON)',
    kind: 'json',
    keys: TASK_KEYS,
    hint: `An object with ${creating ? 'NewTask' : 'TaskChanges'} fields not set above`,
  },
];

// ---------------------------------------------------------------------------------------
// Reading form values (only after `validate` passed).

function text(values: Values, name: string): string | null {
  const value = values[name];
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function id(values: Values, name: string): string {
  return text(values, name) ?? '';
}

function integer(values: Values, name: string): number | null {
  const value = text(values, name);
  return value === null ? null : Number(value);
}

function tags(values: Values, name: string): string[] | null {
  const value = text(values, name);
  if (value === null) return null;
  return value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** A `tristate` field: `null` when left as it is. */
function choice(values: Values, name: string): boolean | null {
  const value = values[name];
  return value === 'yes' ? true : value === 'no' ? false : null;
}

function iso(values: Values, name: string): string | null {
  const value = text(values, name);
  return value === null ? null : new Date(value).toISOString();
}

function millis(values: Values, name: string): number {
  return new Date(text(values, name) ?? '').getTime();
}

function extra(values: Values): Record<string, unknown> {
  const value = text(values, 'extra');
  return value === null ? {} : (JSON.parse(value) as Record<string, unknown>);
}

/** A search of the form's text, changes since a time and one ascending sort. */
export function contactSearch(values: Values): ContactSearch {
  const search: ContactSearch = { pageLimit: integer(values, 'pageLimit') ?? 20, page: integer(values, 'page') };
  const query = text(values, 'query');
  if (query !== null) search.query = query;
  const since = iso(values, 'updatedSince');
  if (since !== null) search.filters = [{ field: 'dateUpdated', operator: 'range', value: { gte: since } }];
  const sort = text(values, 'sort');
  if (sort !== null) search.sort = [{ field: sort, direction: 'asc' }];
  return search;
}

/** The typed fields that were filled in, plus the JSON ones (validation forbids overlaps). */
export function contactFields(values: Values): ContactFields {
  const fields: ContactFields = {};
  for (const name of ['firstName', 'lastName', 'email', 'phone', 'companyName'] as const) {
    const value = text(values, name);
    if (value !== null) fields[name] = value;
  }
  const tagList = tags(values, 'tags');
  if (tagList !== null) fields.tags = tagList;
  return { ...fields, ...(extra(values) as ContactFields) };
}

export function newTask(values: Values): NewTask {
  const task: NewTask = {
    title: text(values, 'title') ?? '',
    dueDate: iso(values, 'dueDate') ?? '',
    completed: values.completed === true,
  };
  const body = text(values, 'body');
  if (body !== null) task.body = body;
  const assignee = text(values, 'assignedTo');
  if (assignee !== null) task.assignedTo = assignee;
  return { ...task, ...(extra(values) as Partial<NewTask>) };
}

export function taskChanges(values: Values): TaskChanges {
  const changes: TaskChanges = {};
  const title = text(values, 'title');
  if (title !== null) changes.title = title;
  const body = text(values, 'body');
  if (body !== null) changes.body = body;
  const due = iso(values, 'dueDate');
  if (due !== null) changes.dueDate = due;
  const completed = choice(values, 'completed');
  if (completed !== null) changes.completed = completed;
  const assignee = text(values, 'assignedTo');
  if (assignee !== null) changes.assignedTo = assignee;
  return { ...changes, ...(extra(values) as TaskChanges) };
}

/** The note fields that were filled in; `pinned` only when chosen. */
export function noteFields(values: Values): NoteFields {
  const note: NoteFields = {};
  for (const name of ['body', 'title', 'userId'] as const) {
    const value = text(values, name);
    if (value !== null) note[name] = value;
  }
  const pinned = choice(values, 'pinned');
  if (pinned !== null) note.pinned = pinned;
  return note;
}

// ---------------------------------------------------------------------------------------
// Each endpoint's form.

/** One form per operation, each building its own kind of operation. */
const FORMS: { [Name in OperationName]: Form & { operation: (values: Values) => Extract<Operation, { operation: Name }> } } = {
  getContacts: {
    fields: [
      { name: 'query', label: 'Search', kind: 'text', hint: 'Name, email, phone or company' },
      { name: 'limit', label: 'Limit', kind: 'integer', required: true, min: 1, max: 100, initial: '20' },
      { name: 'startAfter', label: 'Cursor: startAfter', kind: 'integer', min: 0, hint: 'Epoch ms from meta.startAfter' },
      { name: 'startAfterId', label: 'Cursor: startAfterId', kind: 'id', hint: 'From meta.startAfterId' },
    ],
    response: 'contactPage',
    operation: (v) => {
      const startAfterId = text(v, 'startAfterId');
      return {
        operation: 'getContacts',
        query: text(v, 'query'),
        limit: integer(v, 'limit') ?? 20,
        startAfter: startAfterId === null ? null : integer(v, 'startAfter'),
        startAfterId,
      };
    },
  },
  getContact: {
    fields: [contactId],
    response: 'contact',
    operation: (v) => ({ operation: 'getContact', contactId: id(v, 'contactId') }),
  },
  searchContactsAdvanced: {
    fields: [
      { name: 'query', label: 'Search', kind: 'text', hint: 'At most 75 characters' },
      { name: 'pageLimit', label: 'Page size', kind: 'integer', required: true, min: 1, max: 500, initial: '20' },
      { name: 'page', label: 'Page', kind: 'integer', min: 1, hint: 'Reaches the first 10,000 contacts' },
      { name: 'updatedSince', label: 'Updated since', kind: 'datetime', hint: 'Your local time; sent as UTC' },
      { name: 'sort', label: 'Sort by (ascending)', kind: 'text', hint: 'A field, e.g. dateUpdated' },
    ],
    response: 'contactPage',
    operation: (v) => ({ operation: 'searchContactsAdvanced', body: contactSearch(v) }),
  },
  getDuplicateContact: {
    fields: [
      { name: 'email', label: 'Email', kind: 'email', hint: 'Looked up first' },
      { name: 'number', label: 'Phone', kind: 'text', hint: 'E.164, e.g. +14155550123' },
    ],
    response: 'contact',
    operation: (v) => ({ operation: 'getDuplicateContact', email: text(v, 'email'), number: text(v, 'number') }),
  },
  getContactsByBusinessId: {
    fields: [
      { name: 'businessId', label: 'Business id', kind: 'id', required: true },
      { name: 'skip', label: 'Skip', kind: 'integer', required: true, min: 0, initial: '0' },
      { name: 'limit', label: 'Limit', kind: 'integer', required: true, min: 1, max: 100, initial: '20' },
      { name: 'query', label: 'Search', kind: 'text' },
    ],
    response: 'businessContacts',
    operation: (v) => ({
      operation: 'getContactsByBusinessId',
      businessId: id(v, 'businessId'),
      skip: integer(v, 'skip') ?? 0,
      limit: integer(v, 'limit') ?? 20,
      query: text(v, 'query'),
    }),
  },
  createContact: {
    fields: contactBody,
    response: 'contact',
    operation: (v) => ({ operation: 'createContact', body: contactFields(v) }),
  },
  upsertContact: {
    fields: contactBody,
    response: 'contact',
    note: 'Updates the contact with this email (else this phone), or creates one. Tags sent here replace every tag it has.',
    operation: (v) => ({ operation: 'upsertContact', body: contactFields(v) }),
  },
  updateContact: {
    fields: [contactId, ...contactBody],
    response: 'contact',
    note: 'Tags sent here replace every tag the contact has. To add tags, use POST /contacts/:contactId/tags.',
    operation: (v) => ({ operation: 'updateContact', contactId: id(v, 'contactId'), body: contactFields(v) }),
  },
  deleteContact: {
    fields: [contactId],
    response: 'none',
    operation: (v) => ({ operation: 'deleteContact', contactId: id(v, 'contactId') }),
  },
  getAllTasks: {
    fields: [contactId],
    response: 'tasks',
    operation: (v) => ({ operation: 'getAllTasks', contactId: id(v, 'contactId') }),
  },
  getTask: {
    fields: [contactId, taskId],
    response: 'task',
    operation: (v) => ({ operation: 'getTask', contactId: id(v, 'contactId'), taskId: id(v, 'taskId') }),
  },
  createTask: {
    fields: [contactId, ...taskBody(true)],
    response: 'task',
    operation: (v) => ({ operation: 'createTask', contactId: id(v, 'contactId'), body: newTask(v) }),
  },
  updateTask: {
    fields: [contactId, taskId, ...taskBody(false)],
    response: 'task',
    operation: (v) => ({ operation: 'updateTask', contactId: id(v, 'contactId'), taskId: id(v, 'taskId'), body: taskChanges(v) }),
  },
  updateTaskCompleted: {
    fields: [contactId, taskId, { name: 'completed', label: 'Completed', kind: 'boolean', initial: true }],
    response: 'task',
    operation: (v) => ({
      operation: 'updateTaskCompleted',
      contactId: id(v, 'contactId'),
      taskId: id(v, 'taskId'),
      body: { completed: v.completed === true },
    }),
  },
  deleteTask: {
    fields: [contactId, taskId],
    response: 'none',
    operation: (v) => ({ operation: 'deleteTask', contactId: id(v, 'contactId'), taskId: id(v, 'taskId') }),
  },
  taskSearch: {
    fields: [
      { name: 'contactIds', label: 'Contact ids', kind: 'text', hint: 'Comma-separated; empty for every contact' },
      { name: 'completed', label: 'Status', kind: 'tristate', initial: '' },
      { name: 'limit', label: 'Limit', kind: 'integer', required: true, min: 1, initial: '25' },
      { name: 'skip', label: 'Skip', kind: 'integer', required: true, min: 0, initial: '0' },
    ],
    response: 'tasks',
    operation: (v) => ({
      operation: 'taskSearch',
      body: {
        contactId: tags(v, 'contactIds') ?? [],
        completed: choice(v, 'completed'),
        limit: integer(v, 'limit') ?? 25,
        skip: integer(v, 'skip') ?? 0,
      },
    }),
  },
  getAllNotes: {
    fields: [contactId],
    response: 'notes',
    operation: (v) => ({ operation: 'getAllNotes', contactId: id(v, 'contactId') }),
  },
  getNote: {
    fields: [contactId, noteId],
    response: 'note',
    operation: (v) => ({ operation: 'getNote', contactId: id(v, 'contactId'), id: id(v, 'noteId') }),
  },
  createNote: {
    fields: [contactId, ...noteBody(true)],
    response: 'note',
    operation: (v) => ({ operation: 'createNote', contactId: id(v, 'contactId'), body: noteFields(v) }),
  },
  updateNote: {
    fields: [contactId, noteId, ...noteBody(false)],
    response: 'note',
    operation: (v) => ({ operation: 'updateNote', contactId: id(v, 'contactId'), id: id(v, 'noteId'), body: noteFields(v) }),
  },
  deleteNote: {
    fields: [contactId, noteId],
    response: 'none',
    operation: (v) => ({ operation: 'deleteNote', contactId: id(v, 'contactId'), id: id(v, 'noteId') }),
  },
  getAppointmentsForContact: {
    fields: [contactId],
    response: 'appointments',
    operation: (v) => ({ operation: 'getAppointmentsForContact', contactId: id(v, 'contactId') }),
  },
  getCalendars: {
    fields: [],
    response: 'calendars',
    operation: () => ({ operation: 'getCalendars' }),
  },
  getUserByLocation: {
    fields: [],
    response: 'names',
    operation: () => ({ operation: 'getUserByLocation' }),
  },
  getCustomFields: {
    fields: [],
    response: 'names',
    operation: () => ({ operation: 'getCustomFields' }),
  },
  getBusinessesByLocation: {
    fields: [
      { name: 'skip', label: 'Skip', kind: 'integer', required: true, min: 0, initial: '0' },
      { name: 'limit', label: 'Limit', kind: 'integer', required: true, min: 1, initial: '100' },
    ],
    response: 'names',
    operation: (v) => ({ operation: 'getBusinessesByLocation', skip: integer(v, 'skip') ?? 0, limit: integer(v, 'limit') ?? 100 }),
  },
  getCalendarEvents: {
    fields: [
      { name: 'calendarId', label: 'Calendar id', kind: 'id', hint: 'Exactly one of the three ids' },
      { name: 'userId', label: 'User id', kind: 'id' },
      { name: 'groupId', label: 'Group id', kind: 'id' },
      { name: 'startTime', label: 'From', kind: 'datetime', required: true, hint: 'Your local time' },
      { name: 'endTime', label: 'To', kind: 'datetime', required: true },
    ],
    response: 'appointments',
    operation: (v) => ({
      operation: 'getCalendarEvents',
      calendarId: text(v, 'calendarId'),
      userId: text(v, 'userId'),
      groupId: text(v, 'groupId'),
      startTime: millis(v, 'startTime'),
      endTime: millis(v, 'endTime'),
    }),
  },
  addTags: {
    fields: [contactId, tagList],
    response: 'tags',
    operation: (v) => ({ operation: 'addTags', contactId: id(v, 'contactId'), body: { tags: tags(v, 'tags') ?? [] } }),
  },
  removeTags: {
    fields: [contactId, tagList],
    response: 'tags',
    operation: (v) => ({ operation: 'removeTags', contactId: id(v, 'contactId'), body: { tags: tags(v, 'tags') ?? [] } }),
  },
  createAssociation: {
    fields: [
      { name: 'type', label: 'Change', kind: 'text', required: true, initial: 'add', hint: 'add or remove' },
      { name: 'contacts', label: 'Contact ids', kind: 'tags', required: true, hint: 'Comma-separated' },
      tagList,
      { name: 'removeAllTags', label: 'Remove every tag (with remove)', kind: 'boolean', initial: false },
    ],
    response: 'bulk',
    operation: (v) => ({
      operation: 'createAssociation',
      type: v.type === 'remove' ? 'remove' : 'add',
      body: { contacts: tags(v, 'contacts') ?? [], tags: tags(v, 'tags') ?? [], removeAllTags: v.removeAllTags === true ? true : null },
    }),
  },
  addRemoveContactFromBusiness: {
    fields: [
      { name: 'ids', label: 'Contact ids', kind: 'tags', required: true, hint: 'Comma-separated' },
      { name: 'businessId', label: 'Business id', kind: 'id', hint: 'Empty takes them out of their business' },
    ],
    response: 'bulk',
    operation: (v) => ({ operation: 'addRemoveContactFromBusiness', body: { ids: tags(v, 'ids') ?? [], businessId: text(v, 'businessId') } }),
  },
  addFollowersContact: {
    fields: [contactId, followerList],
    response: 'followers',
    operation: (v) => ({ operation: 'addFollowersContact', contactId: id(v, 'contactId'), body: { followers: tags(v, 'followers') ?? [] } }),
  },
  removeFollowersContact: {
    fields: [contactId, followerList],
    response: 'followers',
    operation: (v) => ({ operation: 'removeFollowersContact', contactId: id(v, 'contactId'), body: { followers: tags(v, 'followers') ?? [] } }),
  },
  addContactToCampaign: {
    fields: [contactId, campaignId],
    response: 'none',
    operation: (v) => ({ operation: 'addContactToCampaign', contactId: id(v, 'contactId'), campaignId: id(v, 'campaignId') }),
  },
  removeContactFromCampaign: {
    fields: [contactId, campaignId],
    response: 'none',
    operation: (v) => ({ operation: 'removeContactFromCampaign', contactId: id(v, 'contactId'), campaignId: id(v, 'campaignId') }),
  },
  removeContactFromEveryCampaign: {
    fields: [contactId],
    response: 'none',
    operation: (v) => ({ operation: 'removeContactFromEveryCampaign', contactId: id(v, 'contactId') }),
  },
  addContactToWorkflow: {
    fields: [contactId, workflowId, eventStart],
    response: 'none',
    operation: (v) => ({
      operation: 'addContactToWorkflow',
      contactId: id(v, 'contactId'),
      workflowId: id(v, 'workflowId'),
      body: { eventStartTime: iso(v, 'eventStartTime') },
    }),
  },
  deleteContactFromWorkflow: {
    fields: [contactId, workflowId],
    response: 'none',
    operation: (v) => ({ operation: 'deleteContactFromWorkflow', contactId: id(v, 'contactId'), workflowId: id(v, 'workflowId'), body: {} }),
  },
};

function endpointOf(row: Row): Endpoint {
  const form: Form = FORMS[row.operation];
  return {
    id: row.operation,
    resource: row.resource,
    method: row.method,
    path: row.path,
    summary: row.summary,
    scope: row.scope,
    operationId: row.operationId,
    fields: form.fields,
    response: form.response,
    note: form.note,
    send: (values) => ipc.apiCall(form.operation(values)),
  };
}

/** The endpoints in the table's order, which groups them as the list shows them. */
export const ENDPOINTS: readonly Endpoint[] = TABLE.map(endpointOf);

export const RESOURCES: readonly Resource[] = [...new Set(ENDPOINTS.map((e) => e.resource))];

export function endpoint(id: string): Endpoint | undefined {
  return ENDPOINTS.find((e) => e.id === id);
}

export function isWrite(endpoint: Endpoint): boolean {
  return endpoint.scope === 'contacts.write';
}

export function initialValues(endpoint: Endpoint): Values {
  return Object.fromEntries(
    endpoint.fields.map((field) => [field.name, field.initial ?? (field.kind === 'boolean' ? false : '')]),
  );
}
