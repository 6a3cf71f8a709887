import { describe, expect, it } from 'vitest';
import { describeFallback, describeWatch, fallbackCost, inReserve, reservePercent } from './budget';
import { spendingOf } from '../../testing/fixtures';

describe('the request budget in words', () => {
  it('says a missing scope can be fixed by reconnecting, and anything else fixes itself', () => {
    const scope = describeFallback({ resource: 'Tasks', reason: 'the token lacks the locations/tasks.readonly scope', missingScope: 'locations/tasks.readonly', since: '2026-11-29T10:00:00Z' });
    expect(`${scope.path}: ${scope.reason}. ${scope.advice}`).toBe(
      'Tasks are read contact by contact: the token lacks the locations/tasks.readonly scope. Reconnect with that scope to sync faster.',
    );
    expect(scope.missingScope).toBe(true);

    const refused = describeFallback({ resource: 'Contacts', reason: 'HighLevel refused the documented request: Not found.', missingScope: null, since: '2026-11-29T10:00:00Z' });
    expect(refused.path).toBe('Contacts are listed in full at every sync');
    expect(refused.reason).toBe('HighLevel refused the documented request: Not found');
    expect(refused.missingScope).toBe(false);
    expect(refused.advice).toMatch(/^Nothing to do: syncing works meanwhile, and the faster way is tried again after .*30.*2026/);
  });

  it('says how soon a completed task shows up, from the syncs a watch takes or the per-contact path', () => {
    const projection = { requestsPerDay: 9_000, planPerDay: 20_000, syncsPerWatch: 1 };
    expect(describeWatch(spendingOf({ projection, openTasks: 210 }))).toBe('A task completed in HighLevel shows up within the next sync.');
    expect(describeWatch(spendingOf({ projection: { ...projection, syncsPerWatch: 3 }, openTasks: 210_000 }))).toBe(
      'A task completed in HighLevel shows up within about 3 syncs (210,000 open tasks).',
    );
    const fallback = { resource: 'Tasks' as const, reason: 'the token lacks the locations/tasks.readonly scope', missingScope: 'locations/tasks.readonly', since: '2026-11-29T10:00:00Z' };
    expect(describeWatch(spendingOf({ projection, fallbacks: [fallback] }))).toBe(
      'A task completed in HighLevel shows up within a day (at the next sync for contacts you watch) while tasks are read contact by contact.',
    );
    expect(describeWatch(spendingOf({ projection, fallbacks: [{ ...fallback, resource: 'Appointments' }] }))).toBe(
      'A task completed in HighLevel shows up within the next sync.',
    );
  });

  it('finds the click reserve from the limit, and whether today reached it', () => {
    const spending = spendingOf({ usedToday: 159_999, dailyLimit: 200_000, reservedForClicks: 40_000 });
    expect(reservePercent(spending)).toBe(20);
    expect(inReserve(spending)).toBe(false);
    expect(inReserve({ ...spending, usedToday: 160_000 })).toBe(true);
    expect(reservePercent({ ...spending, dailyLimit: 0 })).toBe(0);
  });

  it('warns that the projection leaves out what falling back costs', () => {
    const since = '2026-11-29T10:00:00Z';
    expect(fallbackCost(spendingOf())).toBeNull();
    expect(fallbackCost(spendingOf({ fallbacks: [{ resource: 'Tasks', reason: 'x', missingScope: null, since }] }))).toBe(
      'Reading tasks the slow way (below) costs more than this.',
    );
    const all = (['Contacts', 'Tasks', 'Appointments'] as const).map((resource) => ({ resource, reason: 'x', since }));
    expect(fallbackCost(spendingOf({ fallbacks: all }))).toBe('Reading contacts, tasks and appointments the slow way (below) costs more than this.');
  });
});
