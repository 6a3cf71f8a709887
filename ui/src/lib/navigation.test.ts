import { describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/svelte';
import { mockIPC } from '@tauri-apps/api/mocks';
import { SECTIONS, navigation, sectionForShortcut } from './navigation.svelte';
import { toasts } from '../stores/toasts.svelte';

function key(init: KeyboardEventInit) {
  return new KeyboardEvent('keydown', init);
}

describe('navigation', () => {
  it('maps Ctrl/⌘ + digit to the section in that sidebar position', () => {
    expect(sectionForShortcut(key({ key: '1', ctrlKey: true }))).toBe('contacts');
    expect(sectionForShortcut(key({ key: '2', ctrlKey: true }))).toBe('tasks');
    expect(sectionForShortcut(key({ key: '4', ctrlKey: true }))).toBe('duplicates');
    expect(sectionForShortcut(key({ key: '8', metaKey: true }))).toBe('settings');
    expect(sectionForShortcut(key({ key: '9', ctrlKey: true }))).toBeUndefined();
    expect(sectionForShortcut(key({ key: '2' }))).toBeUndefined();
    expect(sectionForShortcut(key({ key: '2', ctrlKey: true, shiftKey: true }))).toBeUndefined();
  });

  it('steps through sections and wraps at both ends', () => {
    navigation.go('contacts');
    expect(navigation.step(-1)).toBe('settings');
    expect(navigation.step(1)).toBe('contacts');
    expect(navigation.step(2)).toBe(SECTIONS[2].id);
  });

  it('returns to the last section, opens a link that waited, then remembers each section', async () => {
    const remembered: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'last_section') return 'reports';
      if (cmd === 'take_opened_link') return { kind: 'contact', locationId: 'L1', contactId: 'c42' };
      if (cmd === 'remember_section') return void remembered.push((args as { section: string }).section);
      throw new Error(`unexpected ${cmd}`);
    }, { shouldMockEvents: true });
    navigation.go('contacts');
    navigation.contactId = null;
    const stop = navigation.start();
    // The waiting link wins over the remembered section: it is what the person asked for.
    await waitFor(() => expect(navigation.contactId).toBe('c42'));
    expect(navigation.current).toBe('contacts');
    await waitFor(() => expect(remembered).toEqual(['contacts']));
    navigation.go('activity');
    await waitFor(() => expect(remembered).toEqual(['contacts', 'activity']));
    stop();
  });

  it('ignores a remembered section that no longer exists', async () => {
    mockIPC((cmd) => {
      if (cmd === 'last_section') return 'gone';
      if (cmd === 'take_opened_link') return null;
      return null;
    }, { shouldMockEvents: true });
    navigation.go('contacts');
    navigation.contactId = null;
    const stop = navigation.start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(navigation.current).toBe('contacts');
    stop();
  });

  it('names the location a link needs when no account connects to it', () => {
    navigation.follow({ kind: 'unknownLocation', locationId: 'LOCmissing', contactId: 'c1' });
    const toast = toasts.items.at(-1);
    expect(toast?.title).toBe('No account for this link');
    expect(toast?.body).toContain('LOCmissing');
    toast?.action?.run();
    expect(navigation.current).toBe('settings');
    expect(navigation.settingsTab).toBe('accounts');
  });
});
