/** How the change feed reads: kinds in words and icons, grouped by the local day. */
import type { ChangeEvent, ChangeKind, ErrorClass, LogFilter } from '../../bindings';
import type { IconName } from '../../components/Icon.svelte';

export const KINDS: Record<ChangeKind, { label: string; icon: IconName; tone: 'ok' | 'warn' | 'danger' | 'accent' | 'neutral' }> = {
  TaskCompleted: { label: 'Completed', icon: 'check', tone: 'ok' },
  TaskReopened: { label: 'Reopened', icon: 'refresh', tone: 'warn' },
  TaskAdded: { label: 'Added', icon: 'plus', tone: 'accent' },
  TaskDueChanged: { label: 'Due date moved', icon: 'calendar', tone: 'neutral' },
  TaskRemoved: { label: 'Removed', icon: 'trash', tone: 'danger' },
};

export interface DayGroup {
  /** `YYYY-MM-DD` in local time. */
  day: string;
  label: string;
  events: ChangeEvent[];
}

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function dayLabel(day: string, date: Date, now: Date): string {
  const today = localDay(now);
  const yesterday = localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  if (day === today) return 'Today';
  if (day === yesterday) return 'Yesterday';
  return date.toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  });
}

/** Newest first, one group per local calendar day; unreadable times go last. */
export function groupByDay(events: readonly ChangeEvent[], now: Date = new Date()): DayGroup[] {
  const time = (event: ChangeEvent) => {
    const t = Date.parse(event.at);
    return Number.isNaN(t) ? -Infinity : t;
  };
  const sorted = [...events].sort((a, b) => time(b) - time(a));
  const groups: DayGroup[] = [];
  for (const event of sorted) {
    const at = new Date(event.at);
    const valid = !Number.isNaN(at.getTime());
    const day = valid ? localDay(at) : 'unknown';
    let group = groups.at(-1);
    if (!group || group.day !== day) {
      group = { day, label: valid ? dayLabel(day, at, now) : 'Unknown date', events: [] };
      groups.push(group);
    }
    group.events.push(event);
  }
  return groups;
}

export function timeOfDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export const LOG_FILTERS: readonly { id: LogFilter; label: string }[] = [
  { id: 'All', label: 'All' },
  { id: 'Failures', label: 'Failures' },
  { id: 'Timeouts', label: 'Timeouts' },
  { id: 'AuthErrors', label: 'Auth errors' },
  { id: 'RateLimits', label: 'Rate limits' },
];

/** A status's colour: green for 2xx, amber for 4xx, red for 5xx and no answer. */
export function statusTone(status: number | null): 'ok' | 'warn' | 'danger' {
  if (status === null || status >= 500) return 'danger';
  if (status >= 400) return 'warn';
  return 'ok';
}

export const ERROR_WORDS: Record<ErrorClass, string> = {
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  NotFound: 'Not found',
  Validation: 'Validation',
  Invalid: 'Invalid input',
  Rejected: 'Rejected',
  RateLimited: 'Rate limited',
  Server: 'Server error',
  Timeout: 'Timeout',
  Network: 'Network',
  Unconfirmed: 'Unconfirmed write',
  Decode: 'Unreadable body',
  Protocol: 'Protocol',
  Cancelled: 'Cancelled',
};

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
