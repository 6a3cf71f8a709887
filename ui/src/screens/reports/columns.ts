/** The roll-up table's columns and how its rows sort. Pure: the store and tests share it. */
import type { BusinessRollup } from '../../bindings';

export type SortKey =
  | 'name'
  | 'contacts'
  | 'withEmail'
  | 'withPhone'
  | 'newContacts'
  | 'openTasks'
  | 'overdueTasks'
  | 'completedTasks'
  | 'notes'
  | 'upcomingAppointments'
  | 'pastAppointments'
  | 'lastActivity'
  | 'owners';

export type SortDirection = 'asc' | 'desc';

export interface Sort {
  key: SortKey;
  direction: SortDirection;
}

export type ColumnGroup = 'Contacts' | 'Tasks' | 'Appointments';

export interface Column {
  key: SortKey;
  label: string;
  /** Columns under a shared heading ("Tasks": Open, Overdue, Done). */
  group?: ColumnGroup;
  /** A longer name for screen readers and the header's tooltip. */
  title: string;
  numeric: boolean;
}

export const COLUMNS: readonly Column[] = [
  { key: 'name', label: 'Business', title: 'Business', numeric: false },
  { key: 'contacts', label: 'All', group: 'Contacts', title: 'Contacts added by the end of the period', numeric: true },
  { key: 'withEmail', label: 'Email', group: 'Contacts', title: 'Contacts with an email address', numeric: true },
  { key: 'withPhone', label: 'Phone', group: 'Contacts', title: 'Contacts with a phone number', numeric: true },
  { key: 'newContacts', label: 'New', group: 'Contacts', title: 'Contacts added within the period', numeric: true },
  { key: 'openTasks', label: 'Open', group: 'Tasks', title: 'Open tasks due within the period', numeric: true },
  { key: 'overdueTasks', label: 'Overdue', group: 'Tasks', title: 'Open tasks past their due date, now or at the end of a past period', numeric: true },
  { key: 'completedTasks', label: 'Done', group: 'Tasks', title: 'Tasks due within the period and completed', numeric: true },
  { key: 'notes', label: 'Notes', title: 'Notes written within the period', numeric: true },
  { key: 'upcomingAppointments', label: 'Upcoming', group: 'Appointments', title: 'Appointments from now on', numeric: true },
  { key: 'pastAppointments', label: 'Past', group: 'Appointments', title: 'Appointments before now', numeric: true },
  { key: 'lastActivity', label: 'Last activity', title: 'Most recent activity', numeric: false },
  { key: 'owners', label: 'Owners', title: 'Distinct contact owners', numeric: true },
];

/** The header's top row: single columns spanning both rows, and group headings. */
export function headerRows(columns: readonly Column[] = COLUMNS) {
  const top: ({ kind: 'column'; column: Column } | { kind: 'group'; group: ColumnGroup; span: number })[] = [];
  for (const column of columns) {
    const last = top.at(-1);
    if (!column.group) top.push({ kind: 'column', column });
    else if (last?.kind === 'group' && last.group === column.group) last.span += 1;
    else top.push({ kind: 'group', group: column.group, span: 1 });
  }
  return { top, grouped: columns.filter((column) => column.group) };
}

/** Text columns start A→Z; figures and dates start with the largest or newest. */
export function defaultDirection(key: SortKey): SortDirection {
  return key === 'name' ? 'asc' : 'desc';
}

/** A second click on the same header flips it; a new header starts in its natural order. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: defaultDirection(key) };
}

function value(row: BusinessRollup, key: SortKey): number | string | null {
  switch (key) {
    case 'name':
      return row.name;
    case 'owners':
      return row.owners.length;
    case 'lastActivity': {
      const time = row.lastActivity ? Date.parse(row.lastActivity) : Number.NaN;
      return Number.isNaN(time) ? null : time;
    }
    default:
      return row[key];
  }
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Sorts the businesses; "No business" (no id) stays below them whatever the order, as it
 * is not a business to rank. Ties fall back to the name so the order never jitters.
 * Missing values (no activity yet) sort last in both directions.
 */
export function sortRows(rows: readonly BusinessRollup[], sort: Sort): BusinessRollup[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const unassigned = Number(a.businessId === null) - Number(b.businessId === null);
    if (unassigned !== 0) return unassigned;
    const va = value(a, sort.key);
    const vb = value(b, sort.key);
    let order = 0;
    if (va === null || vb === null) {
      order = va === vb ? 0 : va === null ? 1 : -1;
      if (order !== 0) return order;
    } else if (typeof va === 'string' || typeof vb === 'string') {
      order = sign * collator.compare(String(va), String(vb));
    } else {
      order = sign * (va - vb);
    }
    return order !== 0 ? order : collator.compare(a.name, b.name);
  });
}

/** The `aria-sort` value of a header. */
export function ariaSort(sort: Sort, key: SortKey): 'ascending' | 'descending' | 'none' {
  if (sort.key !== key) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}
