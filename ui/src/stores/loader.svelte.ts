import { messageOf, subscribe } from '../lib/ipc';

/** A value read from Rust on demand: the last one read, why the last read failed, and whether one runs. */
export class Loader<T> {
  value = $state<T | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  readonly #read: () => Promise<T>;

  constructor(read: () => Promise<T>) {
    this.#read = read;
  }

  async refresh() {
    this.loading = true;
    try {
      this.value = await this.#read();
      this.error = null;
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.loading = false;
    }
  }

  /** Reads again when a sync run ends and (from scratch) when the session switches; returns the function that stops listening. */
  followSync(): () => void {
    let wasRunning = false;
    const stops = [
      subscribe('syncProgressed', ({ running }) => {
        const ended = wasRunning && !running;
        wasRunning = running;
        if (ended) void this.refresh();
      }),
      subscribe('sessionChanged', () => {
        this.value = null;
        void this.refresh();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }
}
