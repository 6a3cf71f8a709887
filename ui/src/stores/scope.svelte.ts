import type { Location } from '../bindings';
import { untrack } from 'svelte';
import { ipc, subscribe } from '../lib/ipc';
import { session } from './session.svelte';

const ALL_KEY = 'contact-desk.all-locations';

/**
 * What the window spans: the shown location, or "All locations" of its agency (the
 * shown one and those syncing beside it). Opening something that lives in another
 * location shows that location first; "All locations" stays chosen meanwhile.
 */
class Scope {
  /** The locations "All locations" would span, by name (the shown one alone outside an agency). */
  locations = $state<Location[]>([]);
  /** The user chose "All locations" (remembered between launches). */
  chosen = $state(localStorage.getItem(ALL_KEY) === 'true');
  /** The location filter: the profile ids to read (every location when empty). */
  only = $state<string[]>([]);

  /** More than one location is open, so "All locations" means something. */
  available = $derived(this.locations.length > 1);
  /** The lists, inbox, businesses and reports read across locations. */
  all = $derived(this.chosen && this.available);
  /** What the window spans, as one value: one location or all, and the location filter. */
  key = $derived(`${this.all}:${this.only.join(',')}`);

  start(): () => void {
    const stop = subscribe('sessionChanged', () => void this.refresh());
    void this.refresh();
    return stop;
  }

  async refresh() {
    try {
      this.locations = await ipc.openLocations();
    } catch {
      this.locations = [];
    }
    const open = new Set(this.locations.map((location) => location.profileId));
    if (this.only.some((id) => !open.has(id))) this.only = this.only.filter((id) => open.has(id));
  }

  choose(all: boolean) {
    this.chosen = all;
    localStorage.setItem(ALL_KEY, String(all));
  }

  /** The location filter as a single choice (`null`: every location). */
  setOnly(profileId: string | null) {
    this.only = profileId ? [profileId] : [];
  }

  /**
   * Calls `changed` now and whenever what the window spans changes (`key`). Returns the
   * function that stops.
   */
  follow(changed: () => void): () => void {
    return $effect.root(() => {
      $effect(() => {
        void this.key;
        untrack(changed);
      });
    });
  }

  nameOf(profileId: string): string {
    return this.locations.find((location) => location.profileId === profileId)?.name ?? '';
  }

  /**
   * Shows the location `profileId` (switching to it when another is shown): answers
   * whether it is shown now, so what lives there can open.
   */
  async show(profileId: string): Promise<boolean> {
    if (session.info?.id === profileId) return true;
    await session.switchTo(profileId);
    return session.info?.id === profileId;
  }
}

export const scope = new Scope();
