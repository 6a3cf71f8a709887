/** Where the workspace shows each top-level field of a response ("Not shown" when it doesn't). */
import type { ResponseKind } from './endpoints';

export const NOT_SHOWN = 'Not shown';

const CONTACT: Record<string, string> = {
  firstName: 'Contact header',
  lastName: 'Contact header',
  name: 'Contact header',
  contactName: 'Contact header',
  companyName: 'Contact header · company',
  businessId: 'Contact header · business link',
  email: 'Details · email',
  phone: 'Details · phone',
  website: 'Details · website',
  address1: 'Details · address',
  city: 'Details · address',
  state: 'Details · address',
  postalCode: 'Details · address',
  country: 'Details · address',
  assignedTo: 'Details · owner',
  source: 'Details · source',
  type: 'Details · source',
  timezone: 'Details · time zone',
  dateAdded: 'Details · added',
  lastActivity: 'Details · last activity',
  dnd: 'Details · do not disturb',
  dndSettings: 'Details · do not disturb',
  customFields: 'Details · custom fields',
  tags: 'Tags',
};

const TASK: Record<string, string> = {
  title: 'Tasks · title',
  body: 'Tasks · description',
  dueDate: 'Tasks · due',
  completed: 'Tasks · open or completed',
};

const NOTE: Record<string, string> = {
  title: 'Notes · title',
  body: 'Notes · text',
  dateAdded: 'Notes · date',
  pinned: 'Notes · pinned first',
};

const APPOINTMENT: Record<string, string> = {
  title: 'Appointments · title',
  startTime: 'Appointments · time',
  address: 'Appointments · place',
  appointmentStatus: 'Appointments · status',
  status: 'Appointments · status',
};

const CONTACT_PAGE: Record<string, string> = {
  contacts: 'Contacts list',
  meta: 'Not shown (sync pages with it)',
};

const BUSINESS_CONTACTS: Record<string, string> = {
  contacts: 'Businesses · contact list',
  count: 'Businesses · contact count',
};

/** Users, custom fields and businesses: the names shown instead of ids. */
const NAMES: Record<string, string> = {
  id: 'Matched against the ids contacts carry',
  name: 'Shown instead of the id (owners, custom fields, businesses)',
  firstName: 'Owner name, when name is missing',
  lastName: 'Owner name, when name is missing',
  email: 'Owner name, when there is no other',
  dataType: 'Custom fields · how values are formatted',
  picklistOptions: 'Custom fields · option labels',
  fieldKey: 'Custom fields · shown on hover',
};

const TABLES: Record<ResponseKind, Record<string, string>> = {
  contact: CONTACT,
  contactPage: CONTACT_PAGE,
  businessContacts: BUSINESS_CONTACTS,
  task: TASK,
  tasks: TASK,
  note: NOTE,
  notes: NOTE,
  appointments: APPOINTMENT,
  calendars: {},
  tags: {},
  followers: {},
  bulk: {},
  names: NAMES,
  none: {},
};

export interface MappingRow {
  field: string;
  shownAs: string;
  shown: boolean;
}

/**
 * The response's top-level fields in the order they came, each with where the workspace
 * shows it. For a list, the fields of its items (the union over all of them).
 */
export function workspaceMapping(kind: ResponseKind, response: unknown): { rows: MappingRow[]; perItem: boolean } {
  if (kind === 'tags') {
    return { rows: Array.isArray(response) ? [{ field: '(each tag)', shownAs: 'Tags', shown: true }] : [], perItem: false };
  }
  const table = TABLES[kind];
  const perItem = Array.isArray(response);
  const objects: unknown[] = perItem ? (response as unknown[]) : [response];
  const fields: string[] = [];
  const seen = new Set<string>();
  for (const item of objects) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    for (const key of Object.keys(item)) {
      if (!seen.has(key)) {
        seen.add(key);
        fields.push(key);
      }
    }
  }
  const rows = fields.map((field) => {
    const place = Object.hasOwn(table, field) ? table[field] : undefined;
    return { field, shownAs: place ?? NOT_SHOWN, shown: place !== undefined && !place.startsWith(NOT_SHOWN) };
  });
  return { rows, perItem };
}
