import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import SyncSettings from './SyncSettings.svelte';
import { session } from '../../stores/session.svelte';
import { backend as mockBackend, idleProgress, profileSession } from '../../testing/fixtures';

const idle = idleProgress({ lastFinished: '2025-01-01T10:00:00Z' });

function backend(setSchedule: (minutes: number) => unknown = () => null) {
  return mockBackend({ set_schedule: ({ schedule }) => setSchedule((schedule as { intervalMinutes: number }).intervalMinutes) });
}

beforeEach(() => {
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
