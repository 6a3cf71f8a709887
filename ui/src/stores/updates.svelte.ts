import type { UpdateChannel, UpdateReady, UpdateRefused, UpdateStatus } from '../bindings';
import { ipc, messageOf, subscribe } from '../lib/ipc';

/**
 * Signed updates: Rust checks, downloads and verifies in the background and says so with
 * `updateReady` (or `updateRefused`); the prompt lets the user restart into it.
 */
class Updates {
  ready = $state<UpdateReady | null>(null);
  refused = $state<UpdateRefused | null>(null);
  status = $state<UpdateStatus | null>(null);
  installing = $state(false);
  error = $state<string | null>(null);
  dismissed = $state(false);

  /** Something to tell the user, and not put off with "Later". */
  get shown(): boolean {
    return !this.dismissed && (this.ready !== null || this.refused !== null);
  }

  /** Subscribes to Rust's update events, then reads what they said before the window
   * listened; returns the function that stops listening. */
  start(): () => void {
    const stops = [
      subscribe('updateReady', (ready) => {
        this.ready = ready;
        this.refused = null;
        this.dismissed = false;
      }),
      subscribe('updateRefused', (refused) => {
        this.refused = refused;
        this.dismissed = false;
      }),
    ];
    void this.load();
    return () => stops.forEach((stop) => stop());
  }

  async load(): Promise<void> {
    const status = await ipc.getUpdateStatus();
    this.status = status;
    this.ready ??= status.ready;
    this.refused ??= status.refused;
  }

  async choose(channel: UpdateChannel): Promise<void> {
    await ipc.setUpdateChannel(channel);
    if (this.status) this.status = { ...this.status, channel };
  }

  /** Installs the verified download; the app then relaunches, so only failure returns. */
  async install(): Promise<void> {
    this.installing = true;
    this.error = null;
    try {
      await ipc.installUpdate();
    } catch (error) {
      this.error = messageOf(error);
      this.installing = false;
    }
  }

  dismiss(): void {
    this.dismissed = true;
  }
}

export const updates = new Updates();
