import type { LikelyPair, MergeChoices, MergePlan } from '../bindings';
import { debounced } from '../lib/debounce';
import { ipc, messageOf, subscribe } from '../lib/ipc';
import { Loader } from './loader.svelte';
import { toasts } from './toasts.svelte';

/** The likely duplicate pairs in the cache, dismissing one, and merging one. */
class Duplicates {
  pairs = new Loader(() => ipc.likelyDuplicates());

  start(): () => void {
    const reload = debounced(() => void this.pairs.refresh(), 800);
    const stop = subscribe('contactsChanged', reload);
    const stopSession = subscribe('sessionChanged', reload);
    void this.pairs.refresh();
    return () => {
      reload.cancel();
      stop();
      stopSession();
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

  /** Runs the merge; answers what went wrong, or null once it is done. */
  async merge(choices: MergeChoices): Promise<string | null> {
    try {
      const plan: MergePlan = await ipc.runMerge(choices);
      toasts.show({ kind: 'success', title: 'Contacts merged', body: `${plan.otherName} into ${plan.survivorName}` });
      await this.pairs.refresh();
      return null;
    } catch (error) {
      return messageOf(error);
    }
  }
}

export const duplicates = new Duplicates();
