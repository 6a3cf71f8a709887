import type { ContactFields, ContactFilter, ContactRow, ContactSort, Facets } from '../bindings';
import debounce from 'lodash-es/debounce';
import { ipc, messageOf, subscribe } from '../lib/ipc';
import { navigation } from '../lib/navigation.svelte';
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

export interface SavedFilter {
  name: string;
  filter: ContactFilter;
  sort: ContactSort;
}

const SAVED_KEY = 'contact-desk.saved-filters';

/**
 * The contact list as a sparse, paged window over the cache: only pages near what is
 * on screen are loaded, so 100,000 rows cost what 30 visible rows cost.
 */
class ContactList {
  filter = $state<ContactFilter>(emptyFilter());
  sort = $state<ContactSort>('Newest');
  total = $state(0);
  /** A search matched more contacts than the list shows (see SEARCH_CAP in Rust). */
  capped = $state(false);
  /** Loaded pages by index; a missing page renders as placeholder rows until it arrives. */
  pages = $state<Record<number, ContactRow[]>>({});
  selected = $state(0);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The new-contact form is open (the button, Ctrl+N or the palette opened it). */
  creating = $state(false);
  facets = $state<Facets>({ tags: [], owners: [] });
  saved = $state<SavedFilter[]>(loadSaved());
  #generation = 0;
  #inFlight = new Set<number>();

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

  /** Listens for cache changes (a sync page, a write) and reloads what is visible. */
  start(): () => void {
    const reload = debounce(() => void this.reload(), 400, { maxWait: 1500 });
    const stop = subscribe('contactsChanged', reload);
    const stopSession = subscribe('sessionChanged', () => {
      this.selected = 0;
      void this.reload();
      void this.loadFacets();
    });
    void this.reload();
    void this.loadFacets();
    return () => {
      reload.cancel();
      stop();
      stopSession();
    };
  }

  row(index: number): ContactRow | undefined {
    return this.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
  }

  /** Makes sure the pages covering rows `from..to` are loaded. */
  ensure(from: number, to: number) {
    const first = Math.max(0, Math.floor(from / PAGE_SIZE));
    const last = Math.floor(Math.max(from, to) / PAGE_SIZE);
    for (let page = first; page <= last; page += 1) {
      if (!this.pages[page] && !this.#inFlight.has(page) && page * PAGE_SIZE < Math.max(this.total, 1)) {
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
    await Promise.all(loaded.filter((page) => page > 0).map((page) => this.loadPage(page, generation)));
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
      const result = await ipc.listContacts(
        $state.snapshot(this.filter),
        this.sort,
        page * PAGE_SIZE,
        PAGE_SIZE,
      );
      if (generation !== this.#generation) return;
      // Only the first window carries the count.
      if (result.total !== null) {
        this.total = result.total;
        this.capped = result.capped;
      }
      this.pages[page] = result.rows;
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
