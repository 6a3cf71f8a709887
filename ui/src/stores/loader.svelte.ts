import { messageOf } from '../lib/ipc';

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
}
