/** Settings › Sync's request budget in words: the figures come from Rust's cost model (`sync/plan.rs`). */
import type { Fallback, Resource, Spending } from '../../bindings';
import { formatCount, formatDateTime, plural } from '../../lib/format';

/** How long a resource stays on its per-contact path before the bulk one is tried again (`FALLBACK_RETRY`). */
const FALLBACK_RETRY_MS = 24 * 60 * 60 * 1000;

/** What each resource does while its bulk endpoint is out of reach. */
const SLOW_PATHS: Record<Resource, string> = {
  Contacts: 'Contacts are listed in full at every sync',
  Tasks: 'Tasks are read contact by contact',
  Appointments: 'Appointments are read contact by contact',
};

/** Where background work stops: the share of the day left to clicks, as a percentage of the limit. */
export function reservePercent(spending: Spending): number {
  return spending.dailyLimit > 0 ? Math.round((spending.reservedForClicks / spending.dailyLimit) * 100) : 0;
}

/** Today's requests have reached the part of the day kept for clicks. */
export function inReserve(spending: Spending): boolean {
  return spending.usedToday >= spending.dailyLimit - spending.reservedForClicks;
}

/**
 * How soon a task completed in HighLevel reaches the app: through the watch of open tasks,
 * or, while tasks are read contact by contact, when its contact's details are next read
 * (each sync for watched contacts, within a day for the rest).
 */
export function describeWatch(spending: Spending): string {
  if (spending.fallbacks.some((fallback) => fallback.resource === 'Tasks'))
    return 'A task completed in HighLevel shows up within a day (at the next sync for contacts you watch) while tasks are read contact by contact.';
  const syncs = spending.projection.syncsPerWatch;
  if (syncs <= 1) return 'A task completed in HighLevel shows up within the next sync.';
  return `A task completed in HighLevel shows up within about ${formatCount(syncs)} syncs (${plural(spending.openTasks, 'open task')}).`;
}

/** The projection assumes the bulk paths: say so while some resource is read contact by contact. */
export function fallbackCost(spending: Spending): string | null {
  const resources = spending.fallbacks.map((fallback) => fallback.resource.toLowerCase());
  if (resources.length === 0) return null;
  const listed = resources.length === 1 ? resources[0] : `${resources.slice(0, -1).join(', ')} and ${resources[resources.length - 1]}`;
  return `Reading ${listed} the slow way (below) costs more than this.`;
}

export interface FallbackNotice {
  /** What the sync does instead, and why (the reason is HighLevel's or the client's words). */
  path: string;
  reason: string;
  /** What the user can do about it. */
  advice: string;
  /** The token lacks a scope: reconnecting (or a new token) with it brings the fast path back. */
  missingScope: boolean;
}

/** One calm notice per resource on its per-contact path. */
export function describeFallback(fallback: Fallback): FallbackNotice {
  const missingScope = fallback.missingScope != null;
  const retry = new Date(new Date(fallback.since).getTime() + FALLBACK_RETRY_MS).toISOString();
  return {
    path: SLOW_PATHS[fallback.resource],
    reason: fallback.reason.trim().replace(/\.$/, ''),
    advice: missingScope
      ? 'Reconnect with that scope to sync faster.'
      : `Nothing to do: syncing works meanwhile, and the faster way is tried again after ${formatDateTime(retry)}.`,
    missingScope,
  };
}
