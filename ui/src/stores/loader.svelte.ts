import { messageOf, subscribe } from '../lib/ipc';

/** A value read from Rust on demand: the last one read, why the last read failed, and whether one runs. */
export class Loader<T> {
  value = $state<T | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  readonly #read: () => Promise<T>;
  #generation = 0;

  constructor(read: () => Promise<T>) {
    this.#read = read;
  }

  /** Reads again; when reads overlap, the last one asked for is the one kept. */
  async refresh() {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const value = await this.#read();
      if (generation !== this.#generation) return;
      this.value = value;
      this.error = null;
    } catch (error) {
      if (generation === this.#generation) this.error = messageOf(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
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
