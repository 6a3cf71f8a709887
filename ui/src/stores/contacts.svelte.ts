import type { ContactFields, ContactFilter, ContactRow, ContactSort, Facets, ListPosition } from '../bindings';
import debounce from 'lodash-es/debounce';
import { ipc, messageOf, subscribe } from '../lib/ipc';
import { navigation } from '../lib/navigation.svelte';
import { scope } from './scope.svelte';
import { toasts } from './toasts.svelte';
import type { WriteResult } from './workspace.svelte';

/** Rows are fetched in pages of this size as the list scrolls. */
export const PAGE_SIZE = 100;

export function emptyFilter(): ContactFilter {
  return {
    search: null,
    tag: null,
    businessId: null,
    withoutBusiness: false,
    owner: null,
    tasks: null,
    addedFrom: null,
    addedTo: null,
    watchedOnly: false,
  };
}

/** A row of the list; across locations it also names the location it lives in. */
export type ListRow = ContactRow & { profileId?: string; location?: string };

export interface SavedFilter {
  name: string;
  filter: ContactFilter;
  sort: ContactSort;
}

const SAVED_KEY = 'contact-desk.saved-filters';

/**
 * The contact list as a sparse, paged window over the cache: only pages near what is
 * on screen are loaded, so 100,000 rows cost what 30 visible rows cost. Across
 * locations the list is by name and each page follows the last row of the one before
 * (Rust merges the locations by position, not offset), so it grows as it scrolls.
 */
class ContactList {
  filter = $state<ContactFilter>(emptyFilter());
  sort = $state<ContactSort>('Newest');
  total = $state(0);
  /** A search matched more contacts than the list shows (see SEARCH_CAP in Rust). */
  capped = $state(false);
  /** Loaded pages by index; a missing page renders as placeholder rows until it arrives. */
  pages = $state<Record<number, ListRow[]>>({});
  selected = $state(0);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The new-contact form is open (the button, Ctrl+N or the palette opened it). */
  creating = $state(false);
  facets = $state<Facets>({ tags: [], owners: [] });
  saved = $state<SavedFilter[]>(loadSaved());
  #generation = 0;
  #inFlight = new Set<number>();
  /** Across locations: where the page after each loaded one starts. */
  #next: Record<number, ListPosition | null> = {};
  /** The scope (`scope.key`) the pages were read in. */
  #scope = '';

  /** The rows the list can scroll through: all of them, or across locations, the rows
   * loaded so far and one page more while more match. */
  span = $derived(scope.all ? Math.min(this.total, (Object.keys(this.pages).length + 1) * PAGE_SIZE) : this.total);

  active = $derived(
    Boolean(
      this.filter.search ||
        this.filter.tag ||
        this.filter.businessId ||
        this.filter.withoutBusiness ||
        this.filter.owner ||
        this.filter.tasks ||
        this.filter.addedFrom ||
        this.filter.addedTo ||
        this.filter.watchedOnly,
    ),
  );

  /**
   * Listens for cache changes (a sync page, a write; any open location's when the list
   * spans them) and reloads what is visible; a new scope starts from the top.
   */
  start(): () => void {
    const reload = debounce(() => void this.reload(), 400, { maxWait: 1500 });
    const stops = [
      subscribe('contactsChanged', reload),
      subscribe('locationContactsChanged', () => scope.all && reload()),
      subscribe('sessionChanged', () => {
        // Across locations the list stays what it was: only the location shown changed.
        if (!scope.all) this.selected = 0;
        void this.reload();
        void this.loadFacets();
      }),
      // The pages stay for the scope they were read in (the section was away meanwhile);
      // a new scope starts from the top.
      scope.follow(() => {
        if (scope.key === this.#scope) return void this.reload();
        this.#scope = scope.key;
        void this.apply({}, scope.all ? 'Name' : undefined);
      }),
    ];
    void this.loadFacets();
    return () => {
      reload.cancel();
      stops.forEach((stop) => stop());
    };
  }

  row(index: number): ListRow | undefined {
    return this.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
  }

  /** Makes sure the pages covering rows `from..to` are loaded. */
  ensure(from: number, to: number) {
    const first = Math.max(0, Math.floor(from / PAGE_SIZE));
    const last = Math.floor(Math.max(from, to) / PAGE_SIZE);
    for (let page = first; page <= last; page += 1) {
      const follows = !scope.all || page === 0 || this.pages[page - 1] !== undefined;
      if (follows && !this.pages[page] && !this.#inFlight.has(page) && page * PAGE_SIZE < Math.max(this.total, 1)) {
        void this.loadPage(page, this.#generation);
      }
    }
  }

  /** Re-reads the total and every loaded page (keeping them on screen meanwhile: no flicker). */
  async reload() {
    const generation = ++this.#generation;
    const loaded = [...new Set([0, ...Object.keys(this.pages).map(Number)])];
    this.#inFlight.clear();
    // Page 0 first: it brings the count the others are trimmed against.
    await this.loadPage(0, generation);
    const rest = loaded.filter((page) => page > 0).sort((a, b) => a - b);
    if (scope.all) {
      // Each page starts after the last row of the one before: one at a time.
      for (const page of rest) await this.loadPage(page, generation);
    } else {
      await Promise.all(rest.map((page) => this.loadPage(page, generation)));
    }
    if (generation === this.#generation) {
      for (const page of Object.keys(this.pages).map(Number)) {
        if (page * PAGE_SIZE >= this.total && page > 0) delete this.pages[page];
      }
      this.selected = Math.min(this.selected, Math.max(0, this.total - 1));
    }
  }

  /** A new filter or sort starts from the top with an empty window. */
  async apply(change: Partial<ContactFilter>, sort?: ContactSort) {
    this.filter = { ...this.filter, ...change };
    if (sort) this.sort = sort;
    this.#generation += 1;
    this.pages = {};
    this.#next = {};
    this.selected = 0;
    this.#inFlight.clear();
    await this.loadPage(0, this.#generation);
  }

  async clear() {
    await this.apply(emptyFilter());
  }

  /** Creates a contact in HighLevel and opens it; a failure comes back for the form. */
  async create(fields: ContactFields): Promise<WriteResult> {
    try {
      const contact = await ipc.createContact(fields);
      toasts.show({ kind: 'success', title: 'Contact created' });
      navigation.openContact(contact.id);
      return null;
    } catch (error) {
      return messageOf(error);
    }
  }

  async loadFacets() {
    try {
      this.facets = await ipc.contactFacets();
    } catch {
      // Without a session yet there are no facets; the next sessionChanged reloads them.
    }
  }

  saveCurrent(name: string) {
    const entry = { name: name.trim(), filter: $state.snapshot(this.filter), sort: this.sort };
    this.saved = [...this.saved.filter((saved) => saved.name !== entry.name), entry];
    localStorage.setItem(SAVED_KEY, JSON.stringify(this.saved));
  }

  forget(name: string) {
    this.saved = this.saved.filter((saved) => saved.name !== name);
    localStorage.setItem(SAVED_KEY, JSON.stringify(this.saved));
  }

  async useSaved(saved: SavedFilter) {
    this.filter = emptyFilter();
    await this.apply(saved.filter, saved.sort);
  }

  private async loadPage(page: number, generation: number) {
    this.#inFlight.add(page);
    this.loading = true;
    try {
      const result = scope.all
        ? await ipc.listLocatedContacts($state.snapshot(this.filter), $state.snapshot(scope.only), this.#next[page - 1] ?? null, PAGE_SIZE)
        : { ...(await ipc.listContacts($state.snapshot(this.filter), this.sort, page * PAGE_SIZE, PAGE_SIZE)), next: null };
      if (generation !== this.#generation) return;
      // Only the first window carries the count.
      if (result.total !== null) {
        this.total = result.total;
        this.capped = result.capped;
      }
      this.pages[page] = result.rows;
      this.#next[page] = result.next;
      this.error = null;
    } catch (error) {
      if (generation === this.#generation) this.error = messageOf(error);
    } finally {
      this.#inFlight.delete(page);
      this.loading = this.#inFlight.size > 0;
    }
  }
}

function loadSaved(): SavedFilter[] {
  try {
    const stored = JSON.parse(localStorage.getItem(SAVED_KEY) ?? '[]') as SavedFilter[];
    return Array.isArray(stored) ? stored : [];
  } catch {
    return [];
  }
}

export const contacts = new ContactList();
