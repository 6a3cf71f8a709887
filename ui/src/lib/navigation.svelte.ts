/** The app's sections, in sidebar order, which one is showing, and what is open in it. */

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

  /** Moves by `step` sections, wrapping around: for arrow keys in the sidebar. */
  step(step: number): SectionId {
    const index = SECTIONS.findIndex((section) => section.id === this.current);
    const next = (index + step + SECTIONS.length) % SECTIONS.length;
    this.current = SECTIONS[next]!.id;
    return this.current;
  }
}

export const navigation = new Navigation();

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
