/** The app's sections, in sidebar order, and which one is showing. */

export const SECTIONS = [
  { id: 'contacts', label: 'Contacts', icon: 'users' },
  { id: 'businesses', label: 'Businesses', icon: 'building' },
  { id: 'reports', label: 'Reports', icon: 'chart' },
  { id: 'activity', label: 'Activity', icon: 'pulse' },
  { id: 'explorer', label: 'API Explorer', icon: 'terminal' },
  { id: 'settings', label: 'Settings', icon: 'gear' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

class Navigation {
  current = $state<SectionId>('contacts');

  go(id: SectionId) {
    this.current = id;
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

/** Ctrl+1 … Ctrl+6 (⌘ on macOS) jump straight to a section. */
export function sectionForShortcut(event: KeyboardEvent): SectionId | undefined {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return undefined;
  const index = Number.parseInt(event.key, 10) - 1;
  return SECTIONS[index]?.id;
}
