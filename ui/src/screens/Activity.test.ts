import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import Activity from './Activity.svelte';
import type { ChangeEvent, LogFilter, LoggedRequest } from '../bindings';
import { requestRecord } from '../testing/fixtures';
import { REQUESTS_PAGE, activity } from '../stores/activity.svelte';
import { groupByDay } from './activity/feed';
import { navigation } from '../lib/navigation.svelte';

function change(key: string, at: string, patch: Partial<ChangeEvent> = {}): ChangeEvent {
  return {
    key,
    at,
    contactId: `c-${key}`,
    contactName: `Contact ${key}`,
    taskId: `t-${key}`,
    kind: 'TaskCompleted',
    title: `Task ${key}`,
    detail: null,
    ...patch,
  };
}

/** A log of `count` requests, seq 1 … count; `failing` ones are 500s. */
function log(count: number, failing = (seq: number) => seq % 10 === 0): LoggedRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = i + 1;
    return {
      seq,
      record: failing(seq)
        ? requestRecord({ status: 500, error: 'Server', errorMessage: 'HighLevel answered 500', attempts: 3, traceId: `trace-${seq}` })
        : requestRecord({ traceId: `trace-${seq}` }),
    };
  });
}

/** Serves `list_requests` from `entries` the way the cache does: newest first, `before` by seq. */
function serveLog(entries: () => LoggedRequest[], calls: { filter: LogFilter; before: number | null }[] = []) {
  return (args: { filter: LogFilter; before: number | null; limit: number }) => {
    calls.push({ filter: args.filter, before: args.before });
    return entries()
      .filter((entry) => args.filter === 'All' || entry.record.error !== null)
      .filter((entry) => args.before === null || entry.seq < args.before)
      .sort((a, b) => b.seq - a.seq)
      .slice(0, args.limit);
  };
}

/**
 * The request log on screen, five requests in, refreshing on (fake) timers; `grow` logs
 * two more and lets a refresh pass.
 */
async function liveLog() {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  let entries = log(5, () => false);
  mockIPC((cmd, args) => {
    if (cmd === 'list_changes') return [];
    if (cmd === 'list_requests') return serveLog(() => entries)(args as never);
    throw new Error(`unexpected ${cmd}`);
  }, { shouldMockEvents: true });
  activity.tab = 'requests';
  const { container } = render(Activity);
  const seqs = () => [...container.querySelectorAll<HTMLTableRowElement>('tbody tr')].map((row) => Number(row.dataset.seq));
  await vi.waitFor(() => expect(seqs()).toEqual([5, 4, 3, 2, 1]));
  const grow = async () => {
    entries = [...entries, ...log(7, () => false).slice(5)];
    await vi.advanceTimersByTimeAsync(3100);
  };
  return { container, seqs, grow };
}

beforeEach(() => {
  activity.tab = 'changes';
  activity.filter = 'All';
  activity.requests = [];
  activity.requestsLoaded = false;
  activity.selectedSeq = null;
  activity.arrived = [];
  activity.changes = [];
  activity.changesLoaded = false;
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the change feed', () => {
  it('groups changes by local day, newest first', () => {
    const now = new Date(2025, 2, 10, 18, 0);
    const groups = groupByDay(
      [
        change('old', new Date(2025, 2, 3, 9, 0).toISOString()),
        change('morning', new Date(2025, 2, 10, 8, 0).toISOString()),
        change('evening', new Date(2025, 2, 10, 17, 0).toISOString()),
        change('yesterday', new Date(2025, 2, 9, 23, 59).toISOString()),
      ],
      now,
    );
    expect(groups.map((g) => g.label)).toEqual(['Today', 'Yesterday', expect.stringContaining('March')]);
    expect(groups[0]!.events.map((e) => e.key)).toEqual(['evening', 'morning']);
    expect(groups[2]!.events.map((e) => e.key)).toEqual(['old']);
  });

  it('shows kinds and names as text, opens the contact, and reloads on changesDetected', async () => {
    const now = Date.now();
    let feed: ChangeEvent[] = [
      change('1', new Date(now - 60_000).toISOString(), {
        kind: 'TaskDueChanged',
        contactName: "<script>alert('x')</script>",
        title: '=HYPERLINK("http://evil.example","click")',
        detail: 'Mar 3 → Mar 9',
      }),
    ];
    let reads = 0;
    mockIPC(
      (cmd) => {
        if (cmd === 'list_changes') {
          reads += 1;
          return feed;
        }
        throw new Error(`unexpected ${cmd}`);
      },
      { shouldMockEvents: true },
    );
    const { container } = render(Activity);

    const item = await screen.findByText('Due date moved');
    const li = item.closest('li')!;
    expect(within(li).getByText("<script>alert('x')</script>")).toBeTruthy();
    expect(within(li).getByText('=HYPERLINK("http://evil.example","click")')).toBeTruthy();
    expect(within(li).getByText('Mar 3 → Mar 9')).toBeTruthy();
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getByText('Today')).toBeTruthy();

    feed = [change('2', new Date(now).toISOString(), { kind: 'TaskAdded', contactName: 'Ada Lovelace' }), ...feed];
    await emit('changes-detected', { events: [feed[0]], watched: false });
    expect(await screen.findByText('Ada Lovelace')).toBeTruthy();
    expect(reads).toBe(2);

    await fireEvent.click(screen.getByText('Ada Lovelace'));
    expect(navigation.current).toBe('contacts');
    expect(navigation.contactId).toBe('c-2');
  });
});

describe('the request log', () => {
  it('filters, pages back by seq, and shows every field of a record', async () => {
    const entries = log(REQUESTS_PAGE + 30);
    const calls: { filter: LogFilter; before: number | null }[] = [];
    const serve = serveLog(() => entries, calls);
    mockIPC((cmd, args) => {
      if (cmd === 'list_changes') return [];
      if (cmd === 'list_requests') return serve(args as never);
      throw new Error(`unexpected ${cmd}`);
    }, { shouldMockEvents: true });
    activity.tab = 'requests';
    const { container } = render(Activity);

    await vi.waitFor(() => expect(container.querySelectorAll('tbody tr')).toHaveLength(REQUESTS_PAGE));
    const rows = () => [...container.querySelectorAll<HTMLTableRowElement>('tbody tr')];
    expect(rows()[0]!.dataset.seq).toBe(String(REQUESTS_PAGE + 30));
    expect(calls.at(-1)).toEqual({ filter: 'All', before: null });

    await fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    await vi.waitFor(() => expect(rows()).toHaveLength(REQUESTS_PAGE + 30));
    expect(calls.at(-1)).toEqual({ filter: 'All', before: 31 });
    expect(rows().at(-1)!.dataset.seq).toBe('1');
    expect(screen.queryByRole('button', { name: 'Load older' })).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Failures' }));
    await vi.waitFor(() => expect(rows()).toHaveLength(13));
    expect(calls.at(-1)).toEqual({ filter: 'Failures', before: null });
    expect(rows().every((row) => row.dataset.status === '500')).toBe(true);
    expect(screen.getByRole('button', { name: 'Failures' }).getAttribute('aria-pressed')).toBe('true');

    await fireEvent.click(rows()[0]!);
    const detail = await screen.findByTestId('request-detail');
    const text = detail.textContent ?? '';
    expect(text).toContain('trace-130');
    expect(text).toContain('Server error');
    expect(text).toContain('HighLevel answered 500');
    expect(text).toContain('3 (2 retried)');
    expect(text).toContain('abc123');
    expect(within(detail).getByTestId('headroom').textContent).toMatch(/87\s*of 100 left per 10 s/);
    expect(within(detail).getByTestId('headroom').textContent).toMatch(/199,000\s*of 200,000 left/);
  });

  it('picks up new requests every few seconds while visible, keeping older pages', async () => {
    const { seqs, grow } = await liveLog();

    await grow();
    await vi.waitFor(() => expect(seqs()).toEqual([7, 6, 5, 4, 3, 2, 1]));
  });

  it('holds new requests back while one is open, until the reader asks for them', async () => {
    const { container, seqs, grow } = await liveLog();
    await fireEvent.click(container.querySelector<HTMLButtonElement>('tr[data-seq="3"] button')!);

    await grow();
    const show = await screen.findByTestId('show-arrived');
    expect(show.textContent).toMatch(/2 new/);
    expect(seqs()).toEqual([5, 4, 3, 2, 1]);

    await fireEvent.click(show);
    expect(seqs()).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(screen.queryByTestId('show-arrived')).toBeNull();
  });
});
