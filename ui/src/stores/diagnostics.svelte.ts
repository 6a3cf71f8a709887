import type { Diagnostics } from '../bindings';
import { ipc, messageOf } from '../lib/ipc';

/** Settings › About: the live probes from Rust, re-run on demand. */
class DiagnosticsStore {
  value = $state<Diagnostics | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);

  async refresh() {
    this.loading = true;
    try {
      this.value = await ipc.getDiagnostics();
      this.error = null;
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.loading = false;
    }
  }
}

export const diagnostics = new DiagnosticsStore();
