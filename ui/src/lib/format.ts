/** How times and counts read on screen. Everything takes `now` so tests can pin it. */
import type { FieldName, PicklistOption } from '../bindings';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "12 min ago", "3 h ago", "yesterday", "4 days ago", then a date. */
export function relativeTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return 'never';
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return 'unknown';
  const ago = now.getTime() - then.getTime();
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 2 * DAY) return 'yesterday';
  if (ago < 14 * DAY) return `${Math.floor(ago / DAY)} days ago`;
  return formatDate(iso);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Appointment times are the location's wall clock (no zone): shown as written. */
export function formatWallClock(civil: string | null | undefined): string {
  if (!civil) return '—';
  const [date, time = ''] = civil.split('T');
  const [year, month, day] = (date ?? '').split('-').map(Number);
  if (!year || !month || !day) return civil;
  const shown = new Date(Date.UTC(year, month - 1, day)).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return time ? `${shown}, ${time.slice(0, 5)}` : shown;
}

export type DueState = 'overdue' | 'today' | 'soon' | 'later' | 'none';

/** Where a due date stands against `now`, and how to say it. */
export function dueStatus(iso: string | null | undefined, now: Date = new Date()): { state: DueState; label: string } {
  if (!iso) return { state: 'none', label: 'No due date' };
  const due = new Date(iso);
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const startOfDue = new Date(due.getFullYear(), due.getMonth(), due.getDate()).getTime();
  const days = Math.round((startOfDue - startOfToday) / DAY);
  if (due.getTime() < now.getTime()) {
    if (days === 0) return { state: 'overdue', label: 'Overdue · today' };
    const late = Math.max(1, -days);
    return { state: 'overdue', label: `Overdue · ${late} ${late === 1 ? 'day' : 'days'}` };
  }
  if (days === 0) return { state: 'today', label: 'Due today' };
  if (days === 1) return { state: 'soon', label: 'Due tomorrow' };
  if (days < 7) return { state: 'soon', label: `Due in ${days} days` };
  return { state: 'later', label: `Due ${formatDate(iso)}` };
}

/** Digits grouped even where the locale's default would not (the POSIX "C" locale groups none). */
const COUNT = new Intl.NumberFormat(undefined, { useGrouping: true });

/** A count as the user's locale writes it, thousands always grouped: "200,000". */
export function formatCount(count: number): string {
  return COUNT.format(count);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** Two letters for an avatar, from whatever the name offers. */
export function initials(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** HighLevel's words that do not read as written: appointment, contact and task statuses. */
const STATUS_WORDS: Record<string, string> = {
  noshow: 'No-show',
  showed: 'Showed',
  incompleted: 'Open',
};

/** A status as a word: `noshow` → "No-show", `confirmed` → "Confirmed", `new_lead` → "New lead". */
export function statusWord(status: string | null | undefined): string {
  const raw = (status ?? '').trim();
  if (!raw) return '—';
  const known = STATUS_WORDS[raw.toLowerCase()];
  if (known) return known;
  const words = raw
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const NUMBER = new Intl.NumberFormat(undefined, { useGrouping: true, maximumFractionDigits: 6 });
const MONEY = new Intl.NumberFormat(undefined, { useGrouping: true, minimumFractionDigits: 2, maximumFractionDigits: 2 });

function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** A date custom field holds epoch milliseconds or a date string, depending on how it was set. */
function asDate(value: unknown): string | null {
  const millis = asNumber(value);
  const date = millis !== null ? new Date(millis) : typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/** Uploaded files arrive as `{documentId: {meta: {originalname}, url}}`: their names. */
function fileNames(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const names = Object.values(value as Record<string, unknown>).map((file) => {
    const meta = (file as { meta?: { originalname?: unknown } } | null)?.meta;
    return typeof meta?.originalname === 'string' ? meta.originalname : null;
  });
  return names.every((name) => name !== null) && names.length ? names.join(', ') : null;
}

/** Any JSON value as text: lists joined, objects as JSON. */
function asText(value: unknown): string {
  if (value == null || value === '') return '—';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ');
  return JSON.stringify(value);
}

/** An option stored by its key reads as its label. */
function labelled(value: unknown, options: readonly PicklistOption[]): unknown {
  const label = (item: unknown) => options.find((option) => option.key === item || option.label === item)?.label ?? item;
  return Array.isArray(value) ? value.map(label) : label(value);
}

/**
 * A custom field's value formatted by the field's type (HighLevel's `dataType`): numbers
 * and money grouped, dates as dates, options as their labels, files by name. A value that
 * does not fit its type, or a field of unknown type, shows as text.
 */
export function formatFieldValue(value: unknown, field: Pick<FieldName, 'dataType' | 'options'> | undefined): string {
  if (value == null || value === '') return '—';
  const type = (field?.dataType ?? '').toUpperCase();
  if (field?.options.length) value = labelled(value, field.options);
  const number = asNumber(value);
  if (type === 'NUMERICAL' && number !== null) return NUMBER.format(number);
  if ((type === 'MONETORY' || type === 'MONETARY') && number !== null) return MONEY.format(number);
  if (type === 'DATE') {
    const iso = asDate(value);
    if (iso) return formatDate(iso);
  }
  if (type === 'FILE_UPLOAD') return fileNames(value) ?? asText(value);
  return asText(value);
}
