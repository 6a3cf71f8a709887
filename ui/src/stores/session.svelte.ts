import type { Connectivity, ProfileView, Schedule, SessionInfo, SyncPhase, SyncProgress } from '../bindings';
import { ipc, messageOf, subscribe } from '../lib/ipc';
import { toasts } from './toasts.svelte';

/** What a running sync says it is doing, by phase. */
const PHASE_LABELS: Record<SyncPhase, string> = {
  Idle: 'Syncing…',
  Contacts: 'Syncing contacts',
  Tasks: 'Syncing tasks',
  Appointments: 'Syncing appointments',
  Notes: 'Syncing notes',
  Details: 'Syncing details',
};

/**
 * The active workspace and its health: which account, online or not, the sync's progress.
 * Rust announces changes as events; this store listens from `start()` on.
 */
class SessionStore {
  info = $state<SessionInfo | null>(null);
  connectivity = $state<Connectivity | null>(null);
  progress = $state<SyncProgress | null>(null);
  schedule = $state<Schedule | null>(null);
  profiles = $state<ProfileView[]>([]);
  /** Set while switching accounts, so screens can show that instead of stale data. */
  switching = $state(false);

  offline = $derived(this.connectivity ? !this.connectivity.online : false);
  /** The account cannot reach HighLevel until the user fixes its credentials. */
  needsAttention = $derived(
    this.info?.status.state === 'ReconnectRequired' || this.info?.credentialsProblem != null,
  );
  lastSynced = $derived(this.progress?.lastFinished ?? null);
  /** How far the running sync is, 0–100; null when none runs or its total is unknown. */
  syncPercent = $derived(
    this.progress?.running && this.progress.total ? Math.min(100, Math.round((this.progress.done / this.progress.total) * 100)) : null,
  );

  phaseLabel = $derived(PHASE_LABELS[this.progress?.phase ?? 'Idle']);

  /** Subscribes to Rust's events; returns the function that stops listening. */
  start(): () => void {
    const stops = [
      subscribe('sessionChanged', (info) => {
        this.info = info;
        void this.refresh();
      }),
      subscribe('syncProgressed', (progress) => (this.progress = progress)),
      subscribe('connectivityChanged', (connectivity) => (this.connectivity = connectivity)),
    ];
    void this.refresh();
    return () => stops.forEach((stop) => stop());
  }

  /** Reads everything again (after a switch, or at start when events may have been missed). */
  async refresh() {
    try {
      this.info = await ipc.getSession();
      const status = await ipc.getSyncStatus();
      this.progress = status.progress;
      this.connectivity = status.connectivity;
      this.schedule = status.schedule;
      this.profiles = await ipc.listProfiles();
    } catch {
      // Before the first session opens there is nothing to read; `sessionChanged` follows.
    }
  }

  async switchTo(profileId: string | 'demo') {
    this.switching = true;
    try {
      this.info = profileId === 'demo' ? await ipc.openDemo() : await ipc.switchProfile(profileId);
      await this.refresh();
    } catch (error) {
      toasts.show({ kind: 'error', title: 'Could not switch accounts', body: messageOf(error) });
    } finally {
      this.switching = false;
    }
  }

  async syncNow() {
    try {
      await ipc.syncNow();
    } catch (error) {
      toasts.show({ kind: 'error', title: 'Sync could not start', body: messageOf(error) });
    }
  }

  async cancelSync() {
    await ipc.cancelSync().catch(() => undefined);
  }
}

export const session = new SessionStore();
