/**
 * The app's sections, in sidebar order, which one is showing, and what is open in it;
 * the section is remembered between launches, and contactdesk:// links open their contact.
 */
import type { LinkOpened } from '../bindings';
import { ipc, subscribe } from './ipc';
import { toasts } from '../stores/toasts.svelte';


export const SECTIONS = [
  { id: 'contacts', label: 'Contacts', icon: 'users' },
  { id: 'tasks', label: 'Tasks', icon: 'task' },
  { id: 'businesses', label: 'Businesses', icon: 'building' },
  { id: 'duplicates', label: 'Duplicates', icon: 'copy' },
  { id: 'reports', label: 'Reports', icon: 'chart' },
  { id: 'activity', label: 'Activity', icon: 'pulse' },
  { id: 'explorer', label: 'API Explorer', icon: 'terminal' },
  { id: 'settings', label: 'Settings', icon: 'gear' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];
export type SettingsTab = 'accounts' | 'sync' | 'about';

class Navigation {
  current = $state<SectionId>('contacts');
  /** The contact open in the Contacts section. */
  contactId = $state<string | null>(null);
  /** The business open in the Businesses section. */
  businessId = $state<string | null>(null);
  settingsTab = $state<SettingsTab>('accounts');

  go(id: SectionId) {
    this.current = id;
  }

  openContact(id: string) {
    this.contactId = id;
    this.current = 'contacts';
  }

  openBusiness(id: string) {
    this.businessId = id;
    this.current = 'businesses';
  }

  openSettings(tab: SettingsTab) {
    this.settingsTab = tab;
    this.current = 'settings';
  }

  /**
   * Returns to the section of the last launch, then follows links (one that launched the
   * app waits in Rust until asked), and from then on remembers each section shown.
   */
  start(): () => void {
    let stopped = false;
    let stopRemembering = () => {};
    const stopLinks = subscribe('linkOpened', (outcome) => this.follow(outcome));
    void (async () => {
      const last = await ipc.lastSection().catch(() => null);
      if (isSection(last) && this.current === 'contacts' && !this.contactId) this.current = last;
      const pending = await ipc.takeOpenedLink().catch(() => null);
      if (pending) this.follow(pending);
      if (stopped) return;
      stopRemembering = $effect.root(() => {
        $effect(() => void ipc.rememberSection(this.current).catch(() => {}));
      });
    })();
    return () => {
      stopped = true;
      stopLinks();
      stopRemembering();
    };
  }

  /** Where a link led: its contact, or a message naming what is missing. */
  follow(outcome: LinkOpened) {
    if (outcome.kind === 'contact') {
      this.openContact(outcome.contactId);
    } else if (outcome.kind === 'unknownLocation') {
      toasts.show({
        kind: 'error',
        title: 'No account for this link',
        body: `The link is for location ${outcome.locationId}, which no account here connects to. Add that location's account, then open the link again.`,
        action: { label: 'Accounts', run: () => this.openSettings('accounts') },
      });
    } else {
      toasts.show({ kind: 'error', title: `Could not open ${outcome.profile} for this link`, body: outcome.message });
    }
  }

  /** Moves by `step` sections, wrapping around: for arrow keys in the sidebar. */
  step(step: number): SectionId {
    const index = SECTIONS.findIndex((section) => section.id === this.current);
    const next = (index + step + SECTIONS.length) % SECTIONS.length;
    this.current = SECTIONS[next]!.id;
    return this.current;
  }
}

export const navigation = new Navigation();

function isSection(id: string | null): id is SectionId {
  return SECTIONS.some((section) => section.id === id);
}

/** Ctrl+1 … Ctrl+7 (⌘ on macOS) jump straight to a section. */
export function sectionForShortcut(event: KeyboardEvent): SectionId | undefined {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return undefined;
  const index = Number.parseInt(event.key, 10) - 1;
  return SECTIONS[index]?.id;
}

/** Ctrl+N (⌘N on macOS): a new contact, from anywhere. */
export function isNewContactShortcut(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'n';
}
