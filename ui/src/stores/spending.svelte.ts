import type { Spending } from '../bindings';
import { ipc } from '../lib/ipc';
import { Loader } from './loader.svelte';

/**
 * Settings › Sync's request budget: today's requests, what the schedule costs a day, and
 * which resources are read contact by contact. Rust computes it on request, so it is read
 * again whenever it may have moved: when a sync run ends, the schedule changes (see
 * `scheduleEditor`) or the session switches.
 */
class SpendingStore extends Loader<Spending> {
  constructor() {
    super(() => ipc.getSyncSpending());
  }

  /** Reads now, then after each run and session switch; returns the function that stops listening. */
  start(): () => void {
    const stop = this.followSync();
    void this.refresh();
    return stop;
  }
}

export const spending = new SpendingStore();
