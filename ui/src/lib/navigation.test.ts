import { describe, expect, it } from 'vitest';
import { SECTIONS, navigation, sectionForShortcut } from './navigation.svelte';

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
});
