import type { BusinessRollup, CsvOptions, Facets, ReportFilter, Rollup, RollupByLocation, SyncProgress } from '../bindings';
import debounce from 'lodash-es/debounce';
import { ipc, messageOf, subscribe } from '../lib/ipc';
import { saveExport } from '../lib/export';
import { plural } from '../lib/format';
import { type Sort, type SortKey, nextSort, sortRows } from '../screens/reports/columns';
import { scope } from './scope.svelte';
import { toasts } from './toasts.svelte';

/** The report's filter as the form holds it: empty strings mean "any". */
export interface FilterForm {
  from: string;
  to: string;
  tag: string;
  owner: string;
}

const EMPTY_FILTER: FilterForm = { from: '', to: '', tag: '', owner: '' };

/** What the form says, as the command wants it (absent instead of empty). */
export function toReportFilter(form: FilterForm): ReportFilter {
  const filter: ReportFilter = {};
  if (form.from) filter.from = form.from;
  if (form.to) filter.to = form.to;
  if (form.tag) filter.tag = form.tag;
  if (form.owner) filter.owner = form.owner;
  return filter;
}

/** Re-reads at most this often while contacts stream in during a first sync. */
const STREAM_RELOAD_MS = 2000;

/**
 * Reports: the roll-up for the filter (across locations, the location × business one),
 * its sort, the CSV export and fetching the details the roll-up lacks. Re-reads when a
 * sync run ends, so new figures appear by themselves.
 */
class ReportsStore {
  filter = $state<FilterForm>({ ...EMPTY_FILTER });
  facets = $state<Facets | null>(null);
  rollup = $state<Rollup | null>(null);
  byLocation = $state<RollupByLocation | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  sort = $state<Sort>({ key: 'contacts', direction: 'desc' });
  csv = $state<Required<CsvOptions>>({ bom: true, includeIds: false });
  exporting = $state(false);
  /** Set from asking for missing details until the sync run that fetches them ends. */
  fetching = $state<{ contacts: number; started: boolean } | null>(null);

  rows: BusinessRollup[] = $derived(this.rollup ? sortRows(this.rollup.rows, this.sort) : []);
  filtered = $derived(Object.values(this.filter).some(Boolean));
  /** Businesses (with an id) in the current roll-up, in table order. */
  businessIds = $derived(this.rows.flatMap((row) => (row.businessId ? [row.businessId] : [])));

  /** Bumped by every filter change: a roll-up read for an older filter is not shown. */
  #version = 0;
  #inflight: Promise<void> | null = null;
  #again = false;
  #streamTimer: ReturnType<typeof setTimeout> | null = null;
  #wasRunning = false;
  /** The scope (`scope.key`) the roll-up was read in. */
  #scope = '';

  /** Listens for the end of sync runs (and for contacts arriving while none are shown). */
  start(): () => void {
    // Across locations the others' syncs are heard only as "contacts changed": the
    // roll-up follows them at a walk, as it is the costliest read.
    const followLocations = debounce(() => void this.load(), STREAM_RELOAD_MS, { maxWait: 5 * STREAM_RELOAD_MS });
    const stops = [
      subscribe('locationContactsChanged', () => scope.all && followLocations()),
      subscribe('syncProgressed', (progress) => this.onProgress(progress)),
      subscribe('contactsChanged', () => {
        if (this.rollup && this.rollup.totals.contacts > 0) return;
        if (this.#streamTimer) return;
        this.#streamTimer = setTimeout(() => {
          this.#streamTimer = null;
          void this.load();
          void this.loadFacets();
        }, STREAM_RELOAD_MS);
      }),
      // Reports.svelte reads on showing; a new scope (while shown) reads again.
      scope.follow(() => {
        if (scope.key === this.#scope) return;
        const first = this.#scope === '';
        this.#scope = scope.key;
        // An owner is one location's user: no filter across locations.
        if (scope.all && this.filter.owner) this.filter = { ...this.filter, owner: '' };
        this.#version += 1;
        if (!first) void this.load();
      }),
    ];
    return () => {
      followLocations.cancel();
      stops.forEach((stop) => stop());
      if (this.#streamTimer) clearTimeout(this.#streamTimer);
      this.#streamTimer = null;
    };
  }

  onProgress(progress: SyncProgress) {
    if (progress.running && this.fetching) this.fetching = { ...this.fetching, started: true };
    const ended = this.#wasRunning && !progress.running;
    this.#wasRunning = progress.running;
    if (!ended) return;
    if (this.fetching?.started) this.fetching = null;
    void this.load();
    void this.loadFacets();
  }

  /**
   * Reads the roll-up for the current filter; the previous one stays on screen meanwhile.
   * One read at a time: calls while one runs coalesce into one more read after it, so a
   * slow roll-up (the cache busy with a sync) still lands instead of being overtaken.
   */
  async load(): Promise<void> {
    if (this.#inflight) {
      this.#again = true;
      return this.#inflight;
    }
    this.#inflight = this.#read();
    try {
      await this.#inflight;
    } finally {
      this.#inflight = null;
    }
    if (this.#again) {
      this.#again = false;
      await this.load();
    }
  }

  async #read() {
    const version = this.#version;
    this.loading = true;
    try {
      const filter = toReportFilter(this.filter);
      const read = scope.all ? ipc.getRollupByLocation(filter, $state.snapshot(scope.only)) : ipc.getRollup(filter);
      const rollup = await read;
      if (version !== this.#version) {
        this.#again = true;
        return;
      }
      if ('locations' in rollup) this.byLocation = rollup;
      else this.rollup = rollup;
      this.error = null;
    } catch (error) {
      if (version === this.#version) this.error = messageOf(error);
      else this.#again = true;
    } finally {
      this.loading = false;
    }
  }

  async loadFacets() {
    try {
      this.facets = await ipc.contactFacets();
    } catch {
      // The selects then offer "Any" only; the roll-up's own error says what is wrong.
    }
  }

  setFilter(patch: Partial<FilterForm>) {
    this.filter = { ...this.filter, ...patch };
    this.#version += 1;
    void this.load();
  }

  clearFilter() {
    this.filter = { ...EMPTY_FILTER };
    this.#version += 1;
    void this.load();
  }

  sortBy(key: SortKey) {
    this.sort = nextSort(this.sort, key);
  }

  /** Asks Rust for a save dialog and writes the CSV; a cancelled dialog says nothing. */
  async exportCsv() {
    const filter = toReportFilter(this.filter);
    const save = scope.all
      ? () => ipc.exportRollupByLocationCsv(filter, $state.snapshot(scope.only), { ...this.csv })
      : () => ipc.exportRollupCsv(filter, { ...this.csv });
    return this.#exporting(save, {
      saved: 'Report exported',
      failed: 'The report could not be exported',
    });
  }

  /** One business's contacts with their counts, to a file the user picks (same CSV options). */
  async exportBusiness(businessId: string, name: string) {
    return this.#exporting(() => ipc.exportBusinessCsv(businessId, { ...this.csv }), {
      saved: `${name}: contacts exported`,
      failed: `${name}: the contacts could not be exported`,
    });
  }

  #exporting(save: () => Promise<string | null>, titles: { saved: string; failed: string }) {
    return saveExport(save, titles, (busy) => (this.exporting = busy));
  }

  /** Fetches tasks, notes and appointments for the unsynced contacts of the businesses shown. */
  async fetchMissing() {
    const withoutBusiness = this.rows.some((row) => row.businessId === null && row.unsyncedContacts > 0);
    // "No business" has no id to name, so when its contacts lack details too, ask for all
    // of the filter's contacts; otherwise only for the businesses on screen.
    const ids = withoutBusiness ? null : this.businessIds;
    try {
      const contacts = await ipc.fetchMissingDetails(toReportFilter(this.filter), ids);
      if (contacts === 0) {
        toasts.show({ kind: 'info', title: 'Nothing to fetch', body: 'Every contact in view has its details.' });
        void this.load();
        return;
      }
      this.fetching = { contacts, started: this.#wasRunning };
      toasts.show({ kind: 'info', title: `Fetching details for ${plural(contacts, 'contact')}` });
    } catch (error) {
      toasts.show({ kind: 'error', title: 'Could not fetch the missing details', body: messageOf(error) });
    }
  }
}

export const reports = new ReportsStore();
