import type { ChangeEvent, LogFilter, LoggedRequest } from '../bindings';
import { ipc, messageOf, subscribe } from '../lib/ipc';

export type ActivityTab = 'changes' | 'requests';

export const CHANGES_LIMIT = 200;
export const REQUESTS_PAGE = 100;
/** How often the request log re-reads its newest page while it is on screen. */
export const REQUESTS_REFRESH_MS = 3000;

/**
 * Activity: the feed of task changes syncs noticed, and the request log. The feed follows
 * `changesDetected`; the log pages back by `seq` and picks up new requests on `refresh()`.
 */
class ActivityStore {
  tab = $state<ActivityTab>('changes');

  changes = $state<ChangeEvent[]>([]);
  changesLoaded = $state(false);
  changesError = $state<string | null>(null);

  filter = $state<LogFilter>('All');
  requests = $state<LoggedRequest[]>([]);
  requestsLoaded = $state(false);
  requestsError = $state<string | null>(null);
  loadingOlder = $state(false);
  /** False once a page came back short: nothing older is left. */
  hasOlder = $state(false);
  /** The request open in the detail panel, by `seq`. */
  selectedSeq = $state<number | null>(null);
  /** Scrolled down the log: new rows wait in `arrived` instead of moving it under the reader. */
  reading = $state(false);
  /** Requests logged while the reader was reading or had one open, newest first. */
  arrived = $state<LoggedRequest[]>([]);
  /** More arrived than a page holds: showing them starts the log over. */
  #arrivedGap = false;

  selected = $derived(this.requests.find((row) => row.seq === this.selectedSeq) ?? null);

  #changesRequest = 0;
  #requestsRequest = 0;

  /** Follows new task changes until the returned function is called. */
  start(): () => void {
    return subscribe('changesDetected', () => void this.loadChanges());
  }

  async loadChanges() {
    const request = ++this.#changesRequest;
    try {
      const changes = await ipc.listChanges(null, CHANGES_LIMIT);
      if (request !== this.#changesRequest) return;
      this.changes = changes;
      this.changesError = null;
    } catch (error) {
      if (request === this.#changesRequest) this.changesError = messageOf(error);
    } finally {
      if (request === this.#changesRequest) this.changesLoaded = true;
    }
  }

  setFilter(filter: LogFilter) {
    if (filter === this.filter) return;
    this.filter = filter;
    this.requests = [];
    this.arrived = [];
    this.#arrivedGap = false;
    this.requestsLoaded = false;
    this.selectedSeq = null;
    void this.loadRequests();
  }

  /** Reads the newest page again, from scratch (filter change, first open). */
  async loadRequests() {
    const request = ++this.#requestsRequest;
    const filter = this.filter;
    try {
      const page = await ipc.listRequests(filter, null, REQUESTS_PAGE);
      if (request !== this.#requestsRequest) return;
      this.requests = page;
      this.arrived = [];
      this.#arrivedGap = false;
      this.hasOlder = page.length === REQUESTS_PAGE;
      this.requestsError = null;
    } catch (error) {
      if (request === this.#requestsRequest) this.requestsError = messageOf(error);
    } finally {
      if (request === this.#requestsRequest) this.requestsLoaded = true;
    }
  }

  /**
   * Adds requests logged since the newest one shown, keeping the older pages already
   * loaded. If more arrived than a page holds, the gap cannot be joined: start over.
   */
  async refresh() {
    if (!this.requestsLoaded) return this.loadRequests();
    // Starting over would drop the older page on its way in.
    if (this.loadingOlder) return;
    const request = ++this.#requestsRequest;
    const newest = this.requests[0]?.seq ?? -1;
    try {
      const page = await ipc.listRequests(this.filter, null, REQUESTS_PAGE);
      if (request !== this.#requestsRequest) return;
      const fresh = page.filter((row) => row.seq > Math.max(newest, this.arrived[0]?.seq ?? -1));
      const gap = fresh.length === page.length && page.length === REQUESTS_PAGE && this.requests.length > 0;
      if (this.#holding() && fresh.length > 0) {
        this.arrived = gap ? page : [...fresh, ...this.arrived];
        this.#arrivedGap ||= gap;
      } else if (gap) {
        this.requests = page;
        this.hasOlder = true;
      } else if (fresh.length > 0) {
        this.requests = [...fresh, ...this.requests];
      }
      if (this.requests.length === 0) this.hasOlder = page.length === REQUESTS_PAGE;
      this.requestsError = null;
    } catch (error) {
      if (request === this.#requestsRequest) this.requestsError = messageOf(error);
    }
  }

  /** The next page back, from the oldest request shown. */
  async loadOlder() {
    const oldest = this.requests.at(-1);
    if (!oldest || this.loadingOlder) return;
    this.loadingOlder = true;
    const request = this.#requestsRequest;
    try {
      const page = await ipc.listRequests(this.filter, oldest.seq, REQUESTS_PAGE);
      if (request !== this.#requestsRequest) return;
      const known = new Set(this.requests.map((row) => row.seq));
      this.requests = [...this.requests, ...page.filter((row) => !known.has(row.seq))];
      this.hasOlder = page.length === REQUESTS_PAGE;
    } catch (error) {
      this.requestsError = messageOf(error);
    } finally {
      this.loadingOlder = false;
    }
  }

  select(seq: number | null) {
    this.selectedSeq = seq;
  }

  /** Puts the requests that arrived while reading at the top of the log. */
  showArrived() {
    if (this.#arrivedGap) {
      this.requests = this.arrived;
      this.hasOlder = true;
    } else {
      this.requests = [...this.arrived, ...this.requests];
    }
    this.arrived = [];
    this.#arrivedGap = false;
  }

  #holding(): boolean {
    return this.reading || this.selectedSeq !== null;
  }
}

export const activity = new ActivityStore();
