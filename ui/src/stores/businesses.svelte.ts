import type { BusinessRow, BusinessView, LocatedBusiness } from '../bindings';
import debounce from 'lodash-es/debounce';
import { saveExport } from '../lib/export';
import { ipc, messageOf, subscribe } from '../lib/ipc';
import { navigation } from '../lib/navigation.svelte';
import { scope } from './scope.svelte';
import { session } from './session.svelte';

/** A business in the list; across locations it also names the location it belongs to. */
export type BusinessListRow = BusinessRow & Partial<Pick<LocatedBusiness, 'profileId' | 'location'>>;

/**
 * The business list (from the cache; across locations, every open location's) and the
 * open business (live when online), which lives in the location shown.
 */
class Businesses {
  rows = $state<BusinessListRow[]>([]);
  search = $state('');
  loading = $state(false);
  error = $state<string | null>(null);
  open = $state<BusinessView | null>(null);
  openLoading = $state(false);
  openError = $state<string | null>(null);
  /** The profile shown when the open business was asked for: its location. */
  #openedIn: string | null = null;

  start(): () => void {
    const reload = debounce(() => void this.load(), 800, { maxWait: 3000 });
    const stops = [
      subscribe('contactsChanged', reload),
      subscribe('locationContactsChanged', () => scope.all && reload()),
      subscribe('sessionChanged', (info) => {
        // A business opened in the location just shown (from "All locations") stays open;
        // another location's closes, and the section forgets it.
        if (info.id !== this.#openedIn) {
          this.open = null;
          navigation.businessId = null;
        }
        void this.load();
      }),
      scope.follow(() => void this.load()),
    ];
    return () => {
      reload.cancel();
      stops.forEach((stop) => stop());
    };
  }

  async load() {
    this.loading = true;
    try {
      const search = this.search.trim() || null;
      this.rows = scope.all ? await ipc.listLocatedBusinesses(search, $state.snapshot(scope.only)) : await ipc.listBusinesses(search);
      this.error = null;
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.loading = false;
    }
  }

  async show(businessId: string) {
    if (this.open?.id !== businessId) this.open = null;
    this.#openedIn = session.info?.id ?? null;
    this.openLoading = true;
    this.openError = null;
    try {
      const view = await ipc.openBusiness(businessId);
      this.open = view;
    } catch (error) {
      this.openError = messageOf(error);
    } finally {
      this.openLoading = false;
    }
  }

  /** The open business's contacts to a CSV file, with CsvOptions' defaults (no BOM, no ids). */
  async exportOpen() {
    const id = this.open?.id;
    if (!id) return null;
    return saveExport(() => ipc.exportBusinessCsv(id, {}), { saved: 'CSV saved', failed: 'Export failed' });
  }
}

export const businesses = new Businesses();
