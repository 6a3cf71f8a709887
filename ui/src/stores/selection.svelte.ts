import { SvelteSet } from 'svelte/reactivity';
import { ipc, messageOf, subscribe } from '../lib/ipc';
import { contacts } from './contacts.svelte';

/**
 * The contacts picked for a bulk action, by id: so a selection survives scrolling,
 * re-sorting and reloads of the list's pages. A range or "select all matching" takes its
 * ids from the cache, not from the rows on screen.
 */
class Selection {
  ids = new SvelteSet<string>();
  /** The list index a shift-click ranges from. */
  anchor = $state<number | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);

  count = $derived(this.ids.size);

  start(): () => void {
    return subscribe('sessionChanged', () => this.clear());
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Click or Space on a row's checkbox: in or out, and the anchor of the next range. */
  toggle(index: number, id: string) {
    if (this.ids.has(id)) this.ids.delete(id);
    else this.ids.add(id);
    this.anchor = index;
  }

  /** Shift-click: every row from the anchor to `index` joins the selection. */
  async extendTo(index: number) {
    const from = Math.min(this.anchor ?? index, index);
    const to = Math.max(this.anchor ?? index, index);
    const ids = await this.matching();
    for (const id of ids.slice(from, to + 1)) this.ids.add(id);
    this.anchor = index;
  }

  /** Every contact the filter matches, up to the whole cache. */
  async selectAllMatching() {
    for (const id of await this.matching()) this.ids.add(id);
  }

  clear() {
    this.ids.clear();
    this.anchor = null;
    this.error = null;
  }

  snapshot(): string[] {
    return [...this.ids];
  }

  /** The ids in the list's order, from the cache. */
  private async matching(): Promise<string[]> {
    this.busy = true;
    try {
      const ids = await ipc.matchingContactIds($state.snapshot(contacts.filter), contacts.sort);
      this.error = null;
      return ids;
    } catch (error) {
      this.error = messageOf(error);
      return [];
    } finally {
      this.busy = false;
    }
  }
}

export const selection = new Selection();
