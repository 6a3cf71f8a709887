/**
 * The 16 Contacts endpoints the explorer can call: their forms (derived from the argument
 * types in bindings.ts), local validation, and the typed `ipc` call each one makes.
 */
import type {
  ApiCall,
  BusinessQuery,
  ContactFields,
  ContactQuery,
  NewTask,
  TaskChanges,
} from '../../bindings';
import { ipc } from '../../lib/ipc';

export type Resource = 'Contacts' | 'Tasks' | 'Notes' | 'Appointments' | 'Tags';
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type ResponseKind =
  | 'contact'
  | 'contactPage'
  | 'businessContacts'
  | 'task'
  | 'tasks'
  | 'note'
  | 'notes'
  | 'appointments'
  | 'tags'
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
  /** For `json`: the keys of the body type it may set, and which typed field each shadows. */
  keys?: readonly string[];
}

export type Values = Record<string, string | boolean>;

export interface Endpoint {
  id: string;
  resource: Resource;
  method: Method;
  path: string;
  summary: string;
  /** The ipc command, for the record. */
  command: string;
  fields: readonly FieldSpec[];
  response: ResponseKind;
  /** A warning shown above the form (e.g. tags replacing on update). */
  note?: string;
  /** Builds the command's arguments from validated values and calls it. */
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

function iso(values: Values, name: string): string | null {
  const value = text(values, name);
  return value === null ? null : new Date(value).toISOString();
}

function extra(values: Values): Record<string, unknown> {
  const value = text(values, 'extra');
  return value === null ? {} : (JSON.parse(value) as Record<string, unknown>);
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
  if (values.completed === 'completed') changes.completed = true;
  if (values.completed === 'open') changes.completed = false;
  const assignee = text(values, 'assignedTo');
  if (assignee !== null) changes.assignedTo = assignee;
  return { ...changes, ...(extra(values) as TaskChanges) };
}

export function contactQuery(values: Values): ContactQuery {
  const startAfterId = text(values, 'startAfterId');
  return {
    query: text(values, 'query'),
    limit: integer(values, 'limit') ?? 20,
    cursor: startAfterId === null ? null : { startAfter: integer(values, 'startAfter'), startAfterId },
  };
}

export function businessQuery(values: Values): BusinessQuery {
  return {
    skip: integer(values, 'skip') ?? 0,
    limit: integer(values, 'limit') ?? 20,
    query: text(values, 'query'),
  };
}

// ---------------------------------------------------------------------------------------
// The endpoints, grouped as the list shows them.

export const ENDPOINTS: readonly Endpoint[] = [
  {
    id: 'getContacts',
    resource: 'Contacts',
    method: 'GET',
    path: '/contacts/',
    summary: 'One page of the location’s contacts, newest first',
    command: 'apiGetContacts',
    fields: [
      { name: 'query', label: 'Search', kind: 'text', hint: 'Name, email, phone or company' },
      { name: 'limit', label: 'Limit', kind: 'integer', required: true, min: 1, max: 100, initial: '20' },
      { name: 'startAfter', label: 'Cursor: startAfter', kind: 'integer', min: 0, hint: 'Epoch ms from meta.startAfter' },
      { name: 'startAfterId', label: 'Cursor: startAfterId', kind: 'id', hint: 'From meta.startAfterId' },
    ],
    response: 'contactPage',
    send: (v) => ipc.apiGetContacts(contactQuery(v)),
  },
  {
    id: 'getContact',
    resource: 'Contacts',
    method: 'GET',
    path: '/contacts/:contactId',
    summary: 'One contact with its custom fields and tags',
    command: 'apiGetContact',
    fields: [contactId],
    response: 'contact',
    send: (v) => ipc.apiGetContact(id(v, 'contactId')),
  },
  {
    id: 'getContactsByBusinessId',
    resource: 'Contacts',
    method: 'GET',
    path: '/contacts/business/:businessId',
    summary: 'A business’s contacts, paged by skip and limit',
    command: 'apiGetContactsByBusinessId',
    fields: [
      { name: 'businessId', label: 'Business id', kind: 'id', required: true },
      { name: 'skip', label: 'Skip', kind: 'integer', required: true, min: 0, initial: '0' },
      { name: 'limit', label: 'Limit', kind: 'integer', required: true, min: 1, max: 100, initial: '20' },
      { name: 'query', label: 'Search', kind: 'text' },
    ],
    response: 'businessContacts',
    send: (v) => ipc.apiGetContactsByBusinessId(id(v, 'businessId'), businessQuery(v)),
  },
  {
    id: 'createContact',
    resource: 'Contacts',
    method: 'POST',
    path: '/contacts/',
    summary: 'Creates a contact (never retried: a failed create may still have created it)',
    command: 'apiCreateContact',
    fields: contactBody,
    response: 'contact',
    send: (v) => ipc.apiCreateContact(contactFields(v)),
  },
  {
    id: 'updateContact',
    resource: 'Contacts',
    method: 'PUT',
    path: '/contacts/:contactId',
    summary: 'Changes the fields given; the rest stay as they are',
    command: 'apiUpdateContact',
    fields: [contactId, ...contactBody],
    response: 'contact',
    note: 'Tags sent here replace every tag the contact has. To add tags, use POST /contacts/:contactId/tags.',
    send: (v) => ipc.apiUpdateContact(id(v, 'contactId'), contactFields(v)),
  },
  {
    id: 'deleteContact',
    resource: 'Contacts',
    method: 'DELETE',
    path: '/contacts/:contactId',
    summary: 'Deletes the contact with its tasks and notes',
    command: 'apiDeleteContact',
    fields: [contactId],
    response: 'none',
    send: (v) => ipc.apiDeleteContact(id(v, 'contactId')),
  },
  {
    id: 'getAllTasks',
    resource: 'Tasks',
    method: 'GET',
    path: '/contacts/:contactId/tasks',
    summary: 'Every task of a contact',
    command: 'apiGetAllTasks',
    fields: [contactId],
    response: 'tasks',
    send: (v) => ipc.apiGetAllTasks(id(v, 'contactId')),
  },
  {
    id: 'getTask',
    resource: 'Tasks',
    method: 'GET',
    path: '/contacts/:contactId/tasks/:taskId',
    summary: 'One task',
    command: 'apiGetTask',
    fields: [contactId, taskId],
    response: 'task',
    send: (v) => ipc.apiGetTask(id(v, 'contactId'), id(v, 'taskId')),
  },
  {
    id: 'createTask',
    resource: 'Tasks',
    method: 'POST',
    path: '/contacts/:contactId/tasks',
    summary: 'Adds a task (HighLevel requires a title and a due date)',
    command: 'apiCreateTask',
    fields: [contactId, ...taskBody(true)],
    response: 'task',
    send: (v) => ipc.apiCreateTask(id(v, 'contactId'), newTask(v)),
  },
  {
    id: 'updateTask',
    resource: 'Tasks',
    method: 'PUT',
    path: '/contacts/:contactId/tasks/:taskId',
    summary: 'Changes the fields given; the rest stay as they are',
    command: 'apiUpdateTask',
    fields: [contactId, taskId, ...taskBody(false)],
    response: 'task',
    send: (v) => ipc.apiUpdateTask(id(v, 'contactId'), id(v, 'taskId'), taskChanges(v)),
  },
  {
    id: 'updateTaskCompleted',
    resource: 'Tasks',
    method: 'PUT',
    path: '/contacts/:contactId/tasks/:taskId/completed',
    summary: 'Marks a task completed or open again',
    command: 'apiUpdateTaskCompleted',
    fields: [contactId, taskId, { name: 'completed', label: 'Completed', kind: 'boolean', initial: true }],
    response: 'task',
    send: (v) => ipc.apiUpdateTaskCompleted(id(v, 'contactId'), id(v, 'taskId'), v.completed === true),
  },
  {
    id: 'deleteTask',
    resource: 'Tasks',
    method: 'DELETE',
    path: '/contacts/:contactId/tasks/:taskId',
    summary: 'Deletes a task',
    command: 'apiDeleteTask',
    fields: [contactId, taskId],
    response: 'none',
    send: (v) => ipc.apiDeleteTask(id(v, 'contactId'), id(v, 'taskId')),
  },
  {
    id: 'getAllNotes',
    resource: 'Notes',
    method: 'GET',
    path: '/contacts/:contactId/notes',
    summary: 'Every note of a contact',
    command: 'apiGetAllNotes',
    fields: [contactId],
    response: 'notes',
    send: (v) => ipc.apiGetAllNotes(id(v, 'contactId')),
  },
  {
    id: 'getNote',
    resource: 'Notes',
    method: 'GET',
    path: '/contacts/:contactId/notes/:id',
    summary: 'One note',
    command: 'apiGetNote',
    fields: [contactId, { name: 'noteId', label: 'Note id', kind: 'id', required: true }],
    response: 'note',
    send: (v) => ipc.apiGetNote(id(v, 'contactId'), id(v, 'noteId')),
  },
  {
    id: 'getAppointmentsForContact',
    resource: 'Appointments',
    method: 'GET',
    path: '/contacts/:contactId/appointments',
    summary: 'A contact’s appointments (times are the location’s wall clock)',
    command: 'apiGetAppointmentsForContact',
    fields: [contactId],
    response: 'appointments',
    send: (v) => ipc.apiGetAppointmentsForContact(id(v, 'contactId')),
  },
  {
    id: 'addTags',
    resource: 'Tags',
    method: 'POST',
    path: '/contacts/:contactId/tags',
    summary: 'Adds tags, keeping the ones the contact has',
    command: 'apiAddTags',
    fields: [contactId, { name: 'tags', label: 'Tags', kind: 'tags', required: true, hint: 'Comma-separated' }],
    response: 'tags',
    send: (v) => ipc.apiAddTags(id(v, 'contactId'), tags(v, 'tags') ?? []),
  },
];

export const RESOURCES: readonly Resource[] = ['Contacts', 'Tasks', 'Notes', 'Appointments', 'Tags'];

export function endpoint(id: string): Endpoint | undefined {
  return ENDPOINTS.find((e) => e.id === id);
}

export function isWrite(endpoint: Endpoint): boolean {
  return endpoint.method !== 'GET';
}

export function initialValues(endpoint: Endpoint): Values {
  return Object.fromEntries(
    endpoint.fields.map((field) => [field.name, field.initial ?? (field.kind === 'boolean' ? false : '')]),
  );
}
