import type { JobSummary, LikelyPair, MergeChoices } from '../bindings';
import debounce from 'lodash-es/debounce';
import { ipc, messageOf, subscribe } from '../lib/ipc';
import { Loader } from './loader.svelte';
import { toasts } from './toasts.svelte';

/** The likely duplicate pairs in the cache, dismissing one, and merging one. */
class Duplicates {
  pairs = new Loader(() => ipc.likelyDuplicates());

  /** While the section shows: a sync's bursts of changes cost one search after they settle. */
  start(): () => void {
    const reload = debounce(() => void this.pairs.refresh(), 2000, { maxWait: 10_000 });
    const stop = subscribe('contactsChanged', reload);
    const stopSession = subscribe('sessionChanged', reload);
    const stopJob = this.follow();
    void this.pairs.refresh();
    return () => {
      reload.cancel();
      stop();
      stopSession();
      stopJob();
    };
  }

  /** "Not a duplicate": remembered, so the pair is not offered again. */
  async dismiss(pair: LikelyPair) {
    try {
      await ipc.dismissDuplicate(pair.first.id, pair.second.id);
      await this.pairs.refresh();
    } catch (error) {
      toasts.show({ kind: 'error', title: 'Could not dismiss the pair', body: messageOf(error) });
    }
  }

  /** The merge job started last, as the worker reports it. */
  job = $state<JobSummary | null>(null);
  #survivorId: string | null = null;
  /** Every job's latest report: the worker may report before `runMerge` answers. */
  #reports = new Map<number, JobSummary>();

  /** Journals the merge as a background job; answers what went wrong, or null once started. */
  async merge(choices: MergeChoices): Promise<string | null> {
    try {
      this.#survivorId = choices.survivorId;
      const job = await ipc.runMerge(choices);
      this.job = job;
      this.#update(this.#reports.get(job.id) ?? job);
      return null;
    } catch (error) {
      return messageOf(error);
    }
  }

  /** Follows the merge job; once it ends, the survivor is read again (notes included). */
  private follow(): () => void {
    return subscribe('jobChanged', (job) => {
      this.#reports.set(job.id, job);
      if (job.id === this.job?.id) this.#update(job);
    });
  }

  #update(job: JobSummary) {
    this.job = job;
    if (job.state === 'Done') void this.#finished(job);
    else if (job.state === 'Failed') toasts.show({ kind: 'error', title: 'The merge stopped', body: `${job.title}: a request failed, and nothing after it was sent.` });
  }

  async #finished(job: JobSummary) {
    toasts.show({ kind: 'success', title: 'Contacts merged', body: job.title });
    const survivor = this.#survivorId;
    if (survivor) await ipc.refreshContact(survivor).catch(() => undefined);
    await this.pairs.refresh();
  }
}

export const duplicates = new Duplicates();
