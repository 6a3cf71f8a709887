/**
 * The command palette (Ctrl/⌘-K): sections, commands, accounts, and a live search over
 * the cached contacts and businesses. The component renders it and forwards keys.
 */
import { tick } from 'svelte';
import { formatCount } from '../lib/format';
import type { IconName } from '../components/Icon.svelte';
import { ipc, messageOf } from '../lib/ipc';
import { SECTIONS, navigation, type SettingsTab } from '../lib/navigation.svelte';
import { accounts } from './accounts.svelte';
import { contacts, emptyFilter, type ListRow } from './contacts.svelte';
import type { BusinessListRow } from './businesses.svelte';
import { scope } from './scope.svelte';
import { session } from './session.svelte';
import { workspace } from './workspace.svelte';

/** Dispatched on `window` for the contact workspace to open its new-task form. */
export const NEW_TASK_EVENT = 'contact-desk:new-task';
export type NewTaskDetail = { contactId: string };

export type PaletteGroup = 'Commands' | 'Go to' | 'Accounts' | 'Contacts' | 'Businesses';

export interface PaletteItem {
  id: string;
  group: PaletteGroup;
  label: string;
  detail?: string;
  icon: IconName;
  /** More words the filter matches on, not shown. */
  keywords?: string;
  /** A keyboard shortcut that does the same, shown at the end. */
  shortcut?: string;
  /** Marks the current choice (the active account). */
  current?: boolean;
  /** Leaves the palette open (for commands that open a sub-list). */
  keepOpen?: boolean;
  run: () => void | Promise<void>;
}

export type PaletteMode = 'root' | 'accounts';

const SEARCH_DELAY_MS = 120;
const SEARCH_LIMIT = 8;

const SETTINGS_TABS: { tab: SettingsTab; label: string; keywords: string }[] = [
  { tab: 'accounts', label: 'Settings › Accounts', keywords: 'profiles token oauth add remove rotate' },
  { tab: 'sync', label: 'Settings › Sync', keywords: 'schedule interval offline' },
  { tab: 'about', label: 'Settings › About & diagnostics', keywords: 'version keychain data directory' },
];

/**
 * Every word of the query must start a word of the label or keywords (or, from three
 * letters on, appear anywhere in the label). Lower is better: the label starts with the
 * query, then a label word starts with the first query word, then the rest.
 */
export function matchScore(query: string, label: string, keywords = ''): number | null {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 0;
  const name = label.toLowerCase();
  const nameWords = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const allWords = [...nameWords, ...keywords.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)];
  const found = (word: string) =>
    allWords.some((candidate) => candidate.startsWith(word)) || (word.length >= 3 && name.includes(word));
  if (!words.every(found)) return null;
  if (name.startsWith(words.join(' '))) return 0;
  if (nameWords.some((part) => part.startsWith(words[0]!))) return 1;
  return 2;
}

function filtered(items: PaletteItem[], query: string): PaletteItem[] {
  return items
    .map((item, index) => ({ item, index, score: matchScore(query, item.label, item.keywords) }))
    .filter((entry): entry is { item: PaletteItem; index: number; score: number } => entry.score !== null)
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .map((entry) => entry.item);
}

class PaletteStore {
  open = $state(false);
  query = $state('');
  mode = $state<PaletteMode>('root');
  contacts = $state<PaletteItem[]>([]);
  businesses = $state<PaletteItem[]>([]);
  searching = $state(false);
  searchError = $state<string | null>(null);
  /** The highlighted item's id; null means the first one. */
  activeId = $state<string | null>(null);
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** The commands that make sense right now. */
  commands = $derived.by((): PaletteItem[] => {
    const items: PaletteItem[] = [];
    const contactId = navigation.contactId;
    if (contactId) {
      items.push({
        id: 'command:new-task',
        group: 'Commands',
        label: 'New task for this contact',
        detail: openContactName(contactId) ?? 'Opens the task form of the open contact',
        icon: 'task',
        keywords: 'add create todo',
        run: () => newTask(contactId),
      });
    }
    items.push({
      id: 'command:new-contact',
      group: 'Commands',
      label: 'New contact',
      icon: 'plus',
      keywords: 'add create person lead',
      shortcut: 'Ctrl+N',
      run: () => {
        contacts.creating = true;
        navigation.go('contacts');
      },
    });
    if (session.progress?.running) {
      items.push({ id: 'command:stop-sync', group: 'Commands', label: 'Stop syncing', icon: 'close', keywords: 'cancel sync', run: () => session.cancelSync() });
    } else {
      items.push({
        id: 'command:sync',
        group: 'Commands',
        label: 'Sync now',
        detail: 'Fetch what changed in HighLevel',
        icon: 'refresh',
        keywords: 'refresh update fetch',
        run: () => session.syncNow(),
      });
    }
    items.push({
      id: 'command:switch-account',
      group: 'Commands',
      label: 'Switch account…',
      detail: session.info ? `Now: ${session.info.name}` : undefined,
      icon: 'users',
      keywords: 'profile workspace demo change',
      keepOpen: true,
      run: () => this.enter('accounts'),
    });
    items.push({
      id: 'command:add-account',
      group: 'Commands',
      label: 'Add account…',
      icon: 'plus',
      keywords: 'connect token oauth profile new',
      run: () => {
        navigation.openSettings('accounts');
        accounts.adding = 'token';
      },
    });
    return items;
  });

  sections = $derived.by((): PaletteItem[] => [
    ...SECTIONS.filter((section) => section.id !== 'settings').map(
      (section, index): PaletteItem => ({
        id: `section:${section.id}`,
        group: 'Go to',
        label: section.label,
        shortcut: `Ctrl+${index + 1}`,
        icon: section.icon,
        keywords: 'go open section',
        run: () => navigation.go(section.id),
      }),
    ),
    ...SETTINGS_TABS.map(
      (entry): PaletteItem => ({
        id: `settings:${entry.tab}`,
        group: 'Go to',
        label: entry.label,
        icon: 'gear',
        keywords: `go open preferences ${entry.keywords}`,
        run: () => navigation.openSettings(entry.tab),
      }),
    ),
  ]);

  /** The accounts to switch to: every profile, then the demo. */
  accountItems = $derived.by((): PaletteItem[] => [
    ...accounts.profiles.map(
      (view): PaletteItem => ({
        id: `account:${view.profile.id}`,
        group: 'Accounts',
        label: view.profile.name,
        detail: `${view.profile.environment} · ${view.profile.locationId}`,
        icon: 'user',
        keywords: `switch ${view.profile.environment}`,
        current: session.info?.id === view.profile.id,
        run: () => session.switchTo(view.profile.id),
      }),
    ),
    {
      id: 'account:demo',
      group: 'Accounts',
      label: 'Demo workspace',
      detail: 'Sandbox',
      icon: 'star',
      keywords: 'switch sandbox sample',
      current: session.info?.kind === 'Demo',
      run: () => session.switchTo('demo'),
    },
  ]);

  /** What the list shows, in order. */
  items = $derived.by((): PaletteItem[] => {
    const query = this.query.trim();
    if (this.mode === 'accounts') return filtered(this.accountItems, query);
    const local = filtered([...this.sections, ...this.commands], query);
    if (!query) return local;
    return [...local, ...filtered(this.accountItems, query), ...this.contacts, ...this.businesses];
  });

  active = $derived(this.items.find((item) => item.id === this.activeId) ?? this.items[0] ?? null);

  show() {
    this.mode = 'root';
    this.query = '';
    this.activeId = null;
    this.#clearResults();
    this.open = true;
    void accounts.refresh();
  }

  close() {
    this.open = false;
    this.#seq += 1;
    clearTimeout(this.#timer);
    this.searching = false;
  }

  toggle() {
    if (this.open) this.close();
    else this.show();
  }

  /** Opens a sub-list (accounts), with an empty query. */
  enter(mode: PaletteMode) {
    this.mode = mode;
    this.setQuery('');
  }

  /** Back from a sub-list; false when already at the top. */
  back(): boolean {
    if (this.mode === 'root') return false;
    this.enter('root');
    return true;
  }

  setQuery(text: string) {
    this.query = text;
    this.activeId = null;
    clearTimeout(this.#timer);
    if (this.mode !== 'root' || !text.trim()) {
      this.#seq += 1;
      this.#clearResults();
      return;
    }
    this.#timer = setTimeout(() => void this.search(text.trim()), SEARCH_DELAY_MS);
  }

  /**
   * Looks the text up among cached contacts and businesses (across locations, every open
   * location's, each named, opening where it lives); late answers are dropped.
   */
  async search(text: string) {
    const seq = ++this.#seq;
    this.searching = true;
    const filter = { ...emptyFilter(), search: text };
    const [contacts, businesses] = await Promise.allSettled([
      scope.all
        ? ipc.listLocatedContacts(filter, [], null, SEARCH_LIMIT)
        : ipc.listContacts(filter, 'Name', 0, SEARCH_LIMIT),
      scope.all ? ipc.listLocatedBusinesses(text, []) : ipc.listBusinesses(text),
    ]);
    if (seq !== this.#seq) return;
    this.searching = false;
    this.contacts =
      contacts.status === 'fulfilled'
        ? contacts.value.rows.map(
            (row: ListRow): PaletteItem => ({
              id: `contact:${row.profileId ?? ''}:${row.id}`,
              group: 'Contacts',
              label: row.name || row.email || row.phone || 'Unnamed contact',
              detail: [row.location, row.email ?? row.phone, row.companyName].filter(Boolean).join(' · ') || undefined,
              icon: 'user',
              run: () => void inLocation(row.profileId, () => navigation.openContact(row.id)),
            }),
          )
        : [];
    this.businesses =
      businesses.status === 'fulfilled'
        ? businesses.value.slice(0, SEARCH_LIMIT).map(
            (row: BusinessListRow): PaletteItem => ({
              id: `business:${row.profileId ?? ''}:${row.id}`,
              group: 'Businesses',
              label: row.name,
              detail: [row.location, `${formatCount(row.contacts)} contacts · ${formatCount(row.openTasks)} open tasks`]
                .filter(Boolean)
                .join(' · '),
              icon: 'building',
              run: () => void inLocation(row.profileId, () => navigation.openBusiness(row.id)),
            }),
          )
        : [];
    const failure = [contacts, businesses].find((result) => result.status === 'rejected');
    this.searchError = failure ? messageOf((failure as PromiseRejectedResult).reason) : null;
  }

  /** Moves the highlight by `step`, wrapping around. */
  move(step: number) {
    const { items } = this;
    if (items.length === 0) return;
    const index = this.active ? items.indexOf(this.active) : 0;
    this.activeId = items[(index + step + items.length) % items.length]!.id;
  }

  first() {
    this.activeId = this.items[0]?.id ?? null;
  }

  last() {
    this.activeId = this.items[this.items.length - 1]?.id ?? null;
  }

  async run(item: PaletteItem | null = this.active) {
    if (!item) return;
    if (!item.keepOpen) this.close();
    await item.run();
  }

  #clearResults() {
    this.contacts = [];
    this.businesses = [];
    this.searching = false;
    this.searchError = null;
  }
}

/** Runs `open` once the location `profileId` is shown (at once without one). */
async function inLocation(profileId: string | undefined, open: () => void) {
  if (!profileId || (await scope.show(profileId))) open();
}

/** The open contact's name, when its workspace is loaded. */
function openContactName(contactId: string): string | undefined {
  const contact = workspace.data?.contact;
  if (!contact || contact.id !== contactId) return undefined;
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.name || contact.contactName || contact.email;
  return name ?? undefined;
}

/** Shows the open contact, then asks its workspace to open the new-task form. */
async function newTask(contactId: string) {
  navigation.openContact(contactId);
  // Let the workspace mount (and start listening) if another section was showing.
  await tick();
  window.dispatchEvent(new CustomEvent<NewTaskDetail>(NEW_TASK_EVENT, { detail: { contactId } }));
}

export const palette = new PaletteStore();
