import type { Spending } from '../bindings';
import { ipc, subscribe } from '../lib/ipc';
import { Loader } from './loader.svelte';

/**
 * Settings › Sync's request budget: today's requests, what the schedule costs a day, and
 * which resources are read contact by contact. Rust computes it on request, so it is read
 * again whenever it may have moved: when a sync run ends, the schedule changes (see
 * `scheduleEditor`) or the session switches.
 */
class SpendingStore extends Loader<Spending> {
  #wasRunning = false;

  constructor() {
    super(() => ipc.getSyncSpending());
  }

  /** Reads now, then after each run and session switch; returns the function that stops listening. */
  start(): () => void {
    const stops = [
      subscribe('syncProgressed', ({ running }) => {
        const ended = this.#wasRunning && !running;
        this.#wasRunning = running;
        if (ended) void this.refresh();
      }),
      subscribe('sessionChanged', () => {
        this.value = null;
        void this.refresh();
      }),
    ];
    void this.refresh();
    return () => stops.forEach((stop) => stop());
  }
}

export const spending = new SpendingStore();
