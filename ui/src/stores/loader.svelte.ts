import { messageOf } from '../lib/ipc';

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
}
