import { beforeEach, describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import SyncStatus from './SyncStatus.svelte';
import SyncSettings from '../screens/settings/SyncSettings.svelte';
import type { SyncPhase } from '../bindings';
import { session } from '../stores/session.svelte';
import { backend, idleProgress } from '../testing/fixtures';

const LABELS: [SyncPhase, string][] = [
  ['Contacts', 'Syncing contacts'],
  ['Tasks', 'Syncing tasks'],
  ['Appointments', 'Syncing appointments'],
  ['Notes', 'Syncing notes'],
  ['Details', 'Syncing details'],
];

beforeEach(() => {
  backend();
  session.connectivity = { online: true, since: '2025-01-01T09:00:00Z', reason: null };
  session.schedule = { intervalMinutes: 15 };
});

describe('the running sync says what it reads', () => {
  it.each(LABELS)('%s, in the header and in Settings › Sync', (phase, label) => {
    session.progress = idleProgress({ running: true, phase, done: 3, total: 10 });
    render(SyncStatus);
    expect(screen.getByTestId('sync-status').textContent).toContain(label);
    render(SyncSettings);
    expect(screen.getByTestId('sync-state').textContent).toContain(label);
  });
});
