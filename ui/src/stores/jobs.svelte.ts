import type { BulkAction, ContactOutcome, JobSummary, Preview } from '../bindings';
import { saveExport } from '../lib/export';
import { ipc, messageOf, subscribe } from '../lib/ipc';
import { toasts } from './toasts.svelte';

/** Kinds whose changes HighLevel lets us take back. */
const UNDOABLE = new Set(['AddTags', 'RemoveTags', 'SetBusiness']);

export function isFinished(job: JobSummary): boolean {
  return job.state === 'Done' || job.state === 'Failed' || job.state === 'Cancelled';
}

export function itemsTotal(job: JobSummary): number {
  const items = job.items;
  return items.pending + items.sending + items.done + items.failed + items.skipped;
}

/** Background jobs (bulk actions): their progress as `jobChanged` reports it. */
class Jobs {
  list = $state<JobSummary[]>([]);
  /** Per-contact results of the jobs whose list is open. */
  outcomes = $state<Record<number, ContactOutcome[]>>({});
  error = $state<string | null>(null);

  running = $derived(this.list.filter((job) => !isFinished(job)));

  start(): () => void {
    const stop = subscribe('jobChanged', (job) => this.update(job));
    const stopSession = subscribe('sessionChanged', () => {
      this.outcomes = {};
      void this.load();
    });
    void this.load();
    return () => {
      stop();
      stopSession();
    };
  }

  async load() {
    try {
      this.list = await ipc.listJobs();
      this.error = null;
    } catch {
      // No session yet: the next sessionChanged loads the list.
    }
  }

  /** What `action` would change among `ids`; a refusal (a blank tag) comes back as text. */
  async preview(ids: string[], action: BulkAction): Promise<Preview | string> {
    try {
      return await ipc.previewBulk(ids, action);
    } catch (error) {
      return messageOf(error);
    }
  }

  /** Journals and starts the job; null when it started, else what went wrong. */
  async run(ids: string[], action: BulkAction): Promise<string | null> {
    try {
      this.update(await ipc.startBulk(ids, action));
      return null;
    } catch (error) {
      return messageOf(error);
    }
  }

  async cancel(id: number) {
    try {
      await ipc.cancelJob(id);
      await this.load();
    } catch (error) {
      toasts.show({ kind: 'error', title: 'Could not cancel', body: messageOf(error) });
    }
  }

  canUndo(job: JobSummary): boolean {
    return isFinished(job) && job.items.done > 0 && UNDOABLE.has(job.kind) && !this.list.some((j) => j.undoOf === job.id);
  }

  async undo(id: number) {
    try {
      this.update(await ipc.undoJob(id));
    } catch (error) {
      toasts.show({ kind: 'error', title: 'Could not undo', body: messageOf(error) });
    }
  }

  async loadOutcomes(id: number) {
    try {
      this.outcomes[id] = await ipc.jobOutcomes(id);
    } catch (error) {
      toasts.show({ kind: 'error', title: 'Could not read the results', body: messageOf(error) });
    }
  }

  forgetOutcomes(id: number) {
    delete this.outcomes[id];
  }

  exportCsv(ids: string[]) {
    return saveExport(() => ipc.exportSelectionCsv(ids, {}), { saved: 'CSV saved', failed: 'Export failed' });
  }

  private update(job: JobSummary) {
    const others = this.list.filter((j) => j.id !== job.id);
    this.list = [job, ...others].sort((a, b) => b.id - a.id);
    if (this.outcomes[job.id]) void this.loadOutcomes(job.id);
  }
}

export const jobs = new Jobs();
