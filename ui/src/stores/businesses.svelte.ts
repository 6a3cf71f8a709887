import type { BusinessRow, BusinessView } from '../bindings';
import debounce from 'lodash-es/debounce';
import { saveExport } from '../lib/export';
import { ipc, messageOf, subscribe } from '../lib/ipc';

/** The business list (from the cache) and the open business (live when online). */
class Businesses {
  rows = $state<BusinessRow[]>([]);
  search = $state('');
  loading = $state(false);
  error = $state<string | null>(null);
  open = $state<BusinessView | null>(null);
  openLoading = $state(false);
  openError = $state<string | null>(null);

  start(): () => void {
    const reload = debounce(() => void this.load(), 800, { maxWait: 3000 });
    const stop = subscribe('contactsChanged', reload);
    const stopSession = subscribe('sessionChanged', () => {
      this.open = null;
      void this.load();
    });
    void this.load();
    return () => {
      reload.cancel();
      stop();
      stopSession();
    };
  }

  async load() {
    this.loading = true;
    try {
      this.rows = await ipc.listBusinesses(this.search.trim() || null);
      this.error = null;
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.loading = false;
    }
  }

  async show(businessId: string) {
    if (this.open?.id !== businessId) this.open = null;
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
