import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import SyncSettings from './SyncSettings.svelte';
import type { Spending } from '../../bindings';
import { navigation } from '../../lib/navigation.svelte';
import { session } from '../../stores/session.svelte';
import { spending } from '../../stores/spending.svelte';
import { HOSTILE, backend as mockBackend, callsOf, idleProgress, profileSession, spendingOf } from '../../testing/fixtures';

const idle = idleProgress({ lastFinished: '2025-01-01T10:00:00Z' });

function backend(setSchedule: (minutes: number) => unknown = () => null) {
  return mockBackend({ set_schedule: ({ schedule }) => setSchedule((schedule as { intervalMinutes: number }).intervalMinutes) });
}

/** An element's text as read, whitespace collapsed. */
const words = (element: Element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Answers `get_sync_spending` with each of `answers` in turn (the last one from then on). */
function budgetBackend(...answers: (Spending | (() => never))[]) {
  let read = 0;
  return mockBackend(
    {
      get_sync_spending: () => {
        const answer = answers[Math.min(read++, answers.length - 1)]!;
        return typeof answer === 'function' ? answer() : answer;
      },
    },
    { events: true },
  );
}

beforeEach(() => {
  spending.value = null;
  spending.error = null;
  session.info = null;
  session.schedule = { intervalMinutes: 15 };
  session.progress = idle;
  session.connectivity = { online: true, since: '2025-01-01T09:00:00Z', reason: null };
});

describe('Settings › Sync', () => {
  it('saves a new interval, 0 meaning manual only', async () => {
    const calls = backend();
    render(SyncSettings);
    const select = screen.getByLabelText('Schedule') as HTMLSelectElement;
    expect(select.value).toBe('15');

    await fireEvent.change(select, { target: { value: '0' } });

    await waitFor(() => expect(calls.find((call) => call.cmd === 'set_schedule')?.args.schedule).toEqual({ intervalMinutes: 0 }));
    expect(session.schedule?.intervalMinutes).toBe(0);
    expect(await screen.findByText(/Automatic syncs are off/)).toBeTruthy();
  });

  it('puts the old interval back when saving fails', async () => {
    backend(() => {
      throw { code: 'Storage', message: 'disk full' };
    });
    render(SyncSettings);
    await fireEvent.change(screen.getByLabelText('Schedule'), { target: { value: '60' } });
    expect((await screen.findByRole('alert')).textContent).toContain('disk full');
    expect(session.schedule?.intervalMinutes).toBe(15);
  });

  it('shows the running sync, and the last error once it stopped', async () => {
    const calls = backend();
    session.progress = { ...idle, running: true, phase: 'Details', done: 30, total: 120, requests: 95, etaSeconds: 40 };
    const view = render(SyncSettings);
    expect(screen.getByTestId('sync-state').textContent).toContain('30 / 120');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    await fireEvent.click(screen.getByRole('button', { name: 'Stop syncing' }));
    await waitFor(() => expect(calls.some((call) => call.cmd === 'cancel_sync')).toBe(true));
    view.unmount();

    session.progress = { ...idle, lastError: 'HighLevel answered 503: try later' };
    render(SyncSettings);
    expect(screen.getByTestId('last-error').textContent).toContain('503');
    await fireEvent.click(screen.getByTestId('settings-sync-now'));
    await waitFor(() => expect(calls.some((call) => call.cmd === 'sync_now')).toBe(true));
  });

  it('says syncing is paused while the credentials need attention, for either cause', () => {
    backend();
    const profile = profileSession({ name: 'Acme' });
    session.info = profile;
    const view = render(SyncSettings);
    expect(screen.getByTestId('sync-state').textContent).toContain('Up to date');
    view.unmount();

    session.info = { ...profile, status: { state: 'ReconnectRequired', reason: 'refresh token revoked' } };
    const reconnect = render(SyncSettings);
    expect(screen.getByTestId('sync-state').textContent).toContain('Paused');
    reconnect.unmount();

    session.info = { ...profile, credentialsProblem: { code: 'KeychainUnavailable', reason: 'locked' } };
    render(SyncSettings);
    expect(screen.getByTestId('sync-state').textContent).toContain('Paused');
  });

  it('says when the app is offline, and that syncing needs the network', () => {
    backend();
    session.connectivity = { online: false, since: '2025-01-01T09:00:00Z', reason: 'connection refused' };
    render(SyncSettings);
    expect(screen.getByTestId('connectivity').textContent).toContain('Offline');
    expect(screen.getByTestId('connectivity').textContent).toContain('connection refused');
    expect((screen.getByTestId('settings-sync-now') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('Settings › Sync › Request budget', () => {
  it('shows today’s requests against the limit, with the click reserve marked, and what the schedule costs', async () => {
    budgetBackend(spendingOf({ usedToday: 12_345, dailyLimit: 200_000, reservedForClicks: 40_000 }));
    render(SyncSettings);

    const used = await screen.findByTestId('used-today');
    expect(used.textContent).toContain('12,345 of 200,000 requests');
    expect(used.textContent).toContain('The last 20 % is kept for your own clicks; background sync stops there.');
    const meter = within(used).getByRole('meter', { name: 'Requests used today' });
    expect(meter.getAttribute('aria-valuenow')).toBe('12345');
    expect(meter.getAttribute('aria-valuemax')).toBe('200000');

    const projection = words(screen.getByTestId('projection'));
    expect(projection).toContain('Every 15 minutes costs about 4,321 requests a day; the plan allows 20,000.');
    expect(projection).not.toContain('More than the plan');
    expect(screen.getByTestId('watch').textContent).toBe('A task completed in HighLevel shows up within the next sync.');
    expect(screen.getByTestId('notes-unread').textContent).toContain('Every contact’s notes have been read.');
    expect(screen.queryByTestId('fallback')).toBeNull();
  });

  it('says how long a large location’s watch takes, whose notes are unread, and when the schedule exceeds the plan', async () => {
    budgetBackend(
      spendingOf({
        usedToday: 170_000,
        projection: { requestsPerDay: 26_000, planPerDay: 20_000, syncsPerWatch: 3 },
        openTasks: 210_000,
        contactsWithoutNotes: 96_500,
      }),
    );
    render(SyncSettings);

    expect((await screen.findByTestId('watch')).textContent).toBe(
      'A task completed in HighLevel shows up within about 3 syncs (210,000 open tasks).',
    );
    expect(words(screen.getByTestId('notes-unread'))).toBe(
      'Notes of 96,500 contacts not read yet (HighLevel reads notes one contact at a time; syncs read them gradually, people you open first).',
    );
    expect(screen.getByTestId('projection').textContent).toContain('More than the plan');
    expect(screen.getByRole('meter', { name: 'Requests used today' }).querySelector('.warn')).not.toBeNull();
  });

  it('gives each fallback one notice saying what to do, the server’s words isolated', async () => {
    budgetBackend(
      spendingOf({
        fallbacks: [
          { resource: 'Tasks', reason: 'the token lacks the locations/tasks.readonly scope', missingScope: 'locations/tasks.readonly', since: '2026-11-29T10:00:00Z' },
          { resource: 'Appointments', reason: `HighLevel refused the documented request: ${HOSTILE}`, missingScope: null, since: '2026-11-29T10:00:00Z' },
        ],
      }),
    );
    session.info = profileSession();
    const { container } = render(SyncSettings);

    const notices = await screen.findAllByTestId('fallback');
    expect(notices).toHaveLength(2);
    expect(words(notices[0]!)).toContain(
      'Tasks are read contact by contact: the token lacks the locations/tasks.readonly scope. Reconnect with that scope to sync faster.',
    );
    expect(notices[1]!.textContent).toContain('Appointments are read contact by contact: HighLevel refused the documented request');
    expect(notices[1]!.textContent).toContain('the faster way is tried again after');
    expect(notices[1]!.querySelector('bdi')?.textContent).toContain(HOSTILE);
    expect(container.querySelector('script')).toBeNull();
    expect(within(notices[1]!).queryByRole('button')).toBeNull();

    await fireEvent.click(within(notices[0]!).getByRole('button', { name: 'Open Accounts' }));
    expect(navigation.current).toBe('settings');
    expect(navigation.settingsTab).toBe('accounts');
  });

  it('reads the budget again when the schedule changes, a sync ends (not while it runs) and the account switches', async () => {
    const calls = budgetBackend(spendingOf(), spendingOf({ projection: { requestsPerDay: 1_234, planPerDay: 20_000, syncsPerWatch: 1 } }));
    render(SyncSettings);
    await screen.findByTestId('projection');
    expect(callsOf(calls, 'get_sync_spending')).toHaveLength(1);

    await fireEvent.change(screen.getByLabelText('Schedule'), { target: { value: '60' } });
    await waitFor(() => expect(words(screen.getByTestId('projection'))).toContain('Every hour costs about 1,234 requests a day'));
    expect(callsOf(calls, 'get_sync_spending')).toHaveLength(2);

    await emit('sync-progressed', idleProgress({ running: true, phase: 'Tasks' }));
    await emit('sync-progressed', idleProgress({ running: true, phase: 'Notes' }));
    expect(callsOf(calls, 'get_sync_spending')).toHaveLength(2);
    await emit('sync-progressed', idleProgress({ lastFinished: '2026-11-29T12:00:00Z' }));
    await waitFor(() => expect(callsOf(calls, 'get_sync_spending')).toHaveLength(3));

    await emit('session-changed', profileSession({ name: 'Other' }));
    await waitFor(() => expect(callsOf(calls, 'get_sync_spending')).toHaveLength(4));
  });

  it('says why the budget could not be read', async () => {
    budgetBackend(() => {
      throw { code: 'Storage', message: 'disk full' };
    });
    render(SyncSettings);
    expect((await screen.findByRole('alert')).textContent).toContain('The budget could not be read: ');
    expect(screen.getByRole('alert').textContent).toContain('disk full');
  });
});
