import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { mockIPC } from '@tauri-apps/api/mocks';
import CommandPalette from './CommandPalette.svelte';
import { NEW_TASK_EVENT, palette } from '../stores/palette.svelte';
import { navigation } from '../lib/navigation.svelte';
import { scope } from '../stores/scope.svelte';
import { session } from '../stores/session.svelte';
import type { BusinessRow, ContactRow } from '../bindings';
import { backend as mockBackend, contactRow as contact, demoSession as demo, idleSyncStatus, profileView } from '../testing/fixtures';

const business: BusinessRow = { id: 'b1', name: 'Adams Hardware', contacts: 12, openTasks: 3, overdueTasks: 1 };

const profile = profileView('p1', { tokenAgeDays: 1 }, { name: 'Acme Realty', locationId: 'loc-1' });

function backend() {
  return mockBackend({
    list_contacts: ({ filter }) => {
      const search = String((filter as { search: string }).search).toLowerCase();
      const rows = [contact('c1', 'Ada Lovelace'), contact('c2', 'Adam Smith')].filter((row) => row.name.toLowerCase().includes(search));
      return { rows, offset: 0, total: rows.length };
    },
    list_businesses: ({ search }) => (String(search).toLowerCase().startsWith('ad') ? [business] : []),
    list_profiles: () => [profile],
    switch_profile: () => ({ ...demo, kind: 'Profile', id: 'p1', name: 'Acme Realty' }),
    get_session: () => demo,
    get_sync_status: idleSyncStatus,
  });
}

const input = () => screen.getByRole('combobox') as HTMLInputElement;
const options = () => screen.queryAllByRole('option').map((option) => option.textContent?.trim() ?? '');
const activeOption = () => document.getElementById(input().getAttribute('aria-activedescendant') ?? '')?.textContent?.trim();

async function openPalette() {
  await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
  await screen.findByRole('combobox');
}

/** Renders the palette over the mocked backend and opens it; returns the backend's calls. */
async function renderOpen() {
  const calls = backend();
  render(CommandPalette);
  await openPalette();
  return calls;
}

async function type(text: string) {
  await fireEvent.input(input(), { target: { value: text } });
}

beforeEach(() => {
  palette.close();
  navigation.current = 'contacts';
  navigation.contactId = null;
  session.info = demo;
  session.profiles = [profile];
  session.progress = null;
});

afterEach(() => palette.close());

describe('command palette', () => {
  it('opens on Ctrl+K with focus in an ARIA combobox, and Escape closes it', async () => {
    backend();
    render(CommandPalette);
    expect(screen.queryByRole('combobox')).toBeNull();

    await openPalette();
    expect(document.activeElement).toBe(input());
    expect(input().getAttribute('aria-controls')).toBe('palette-listbox');
    expect(screen.getByRole('listbox').id).toBe('palette-listbox');
    expect(input().getAttribute('aria-activedescendant')).toBeTruthy();

    await fireEvent.keyDown(input(), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('combobox')).toBeNull());
  });

  it('opens with ⌘K too, and the shortcut toggles it', async () => {
    backend();
    render(CommandPalette);
    await fireEvent.keyDown(window, { key: 'K', metaKey: true });
    await screen.findByRole('combobox');
    await fireEvent.keyDown(window, { key: 'k', metaKey: true });
    await waitFor(() => expect(screen.queryByRole('combobox')).toBeNull());
  });

  it('filters sections and commands as the user types', async () => {
    await renderOpen();
    expect(options()).toEqual(expect.arrayContaining([expect.stringContaining('Sync now'), expect.stringContaining('Reports')]));

    await type('rep');
    expect(options()[0]).toContain('Reports');
    expect(options().some((text) => text.includes('Sync now'))).toBe(false);

    await type('zzzz');
    await waitFor(() => expect(screen.getByText(/Nothing matches/)).toBeTruthy());
  });

  it('moves with the arrow keys, wraps around, and runs the highlighted item on Enter', async () => {
    await renderOpen();
    await type('settings');
    const all = options();
    expect(all.length).toBe(3);
    expect(activeOption()).toBe(all[0]);

    await fireEvent.keyDown(input(), { key: 'ArrowDown' });
    expect(activeOption()).toBe(all[1]);
    await fireEvent.keyDown(input(), { key: 'ArrowUp' });
    await fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(activeOption()).toBe(all[2]);
    expect(screen.getAllByRole('option').filter((option) => option.getAttribute('aria-selected') === 'true')).toHaveLength(1);

    await fireEvent.keyDown(input(), { key: 'Enter' });
    expect(navigation.current).toBe('settings');
    expect(navigation.settingsTab).toBe('about');
    await waitFor(() => expect(screen.queryByRole('combobox')).toBeNull());
  });

  it('finds contacts and businesses in the cache and opens them', async () => {
    const calls = await renderOpen();
    await type('ada');

    await waitFor(() => expect(options().some((text) => text.includes('Ada Lovelace'))).toBe(true));
    const search = calls.find((call) => call.cmd === 'list_contacts');
    expect(search?.args).toMatchObject({ sort: 'Name', offset: 0, limit: 8 });
    expect(search?.args.filter).toMatchObject({ search: 'ada', tag: null, businessId: null, watchedOnly: false });
    expect(calls.find((call) => call.cmd === 'list_businesses')?.args.search).toBe('ada');
    expect(options().some((text) => text.includes('Adams Hardware'))).toBe(true);

    // Down to the first contact, then Enter.
    while (!activeOption()?.includes('Ada Lovelace')) await fireEvent.keyDown(input(), { key: 'ArrowDown' });
    await fireEvent.keyDown(input(), { key: 'Enter' });
    expect(navigation.contactId).toBe('c1');
    expect(navigation.current).toBe('contacts');
  });

  it('across locations finds every location\'s contacts, names each, and opens one where it lives', async () => {
    const calls = mockBackend({
      list_located_contacts: () => ({
        rows: [{ ...contact('c9', 'Ada North'), profileId: 'north', location: 'North Dental' }],
        total: 1,
        capped: false,
        next: null,
      }),
      list_located_businesses: () => [],
      switch_profile: () => ({ ...demo, kind: 'Profile', id: 'north', name: 'North Dental' }),
      get_session: () => ({ ...demo, kind: 'Profile', id: 'north', name: 'North Dental' }),
      get_sync_status: idleSyncStatus,
      list_profiles: () => [profile],
    });
    scope.locations = [
      { profileId: 'north', name: 'North Dental', locationId: 'loc-n' },
      { profileId: 'south', name: 'South Dental', locationId: 'loc-s' },
    ];
    scope.chosen = true;
    render(CommandPalette);
    await openPalette();
    await type('ada');

    await waitFor(() => expect(options().some((text) => text.includes('Ada North') && text.includes('North Dental'))).toBe(true));
    expect(calls.some((call) => call.cmd === 'list_contacts')).toBe(false);
    while (!activeOption()?.includes('Ada North')) await fireEvent.keyDown(input(), { key: 'ArrowDown' });
    await fireEvent.keyDown(input(), { key: 'Enter' });
    await waitFor(() => expect(navigation.contactId).toBe('c9'));
    expect(calls.find((call) => call.cmd === 'switch_profile')?.args).toEqual({ profileId: 'north' });
    scope.locations = [];
    scope.chosen = false;
  });

  it('opens a business by click', async () => {
    await renderOpen();
    await type('adams');
    const option = await screen.findByText('Adams Hardware');
    await fireEvent.click(option);
    expect(navigation.businessId).toBe('b1');
    expect(navigation.current).toBe('businesses');
  });

  it('offers a new task only while a contact is open, and asks its workspace for the form', async () => {
    await renderOpen();
    await type('task');
    expect(options().some((text) => text.includes('New task'))).toBe(false);
    palette.close();

    navigation.openContact('c9');
    navigation.go('reports');
    const received: unknown[] = [];
    const listener = (event: Event) => received.push((event as CustomEvent).detail);
    window.addEventListener(NEW_TASK_EVENT, listener);
    try {
      await openPalette();
      await type('new task');
      expect(activeOption()).toContain('New task for this contact');
      await fireEvent.keyDown(input(), { key: 'Enter' });
      await waitFor(() => expect(received).toEqual([{ contactId: 'c9' }]));
      expect(navigation.current).toBe('contacts');
    } finally {
      window.removeEventListener(NEW_TASK_EVENT, listener);
    }
  });

  it('runs Sync now', async () => {
    const calls = await renderOpen();
    await type('sync');
    expect(activeOption()).toContain('Sync now');
    await fireEvent.keyDown(input(), { key: 'Enter' });
    await waitFor(() => expect(calls.some((call) => call.cmd === 'sync_now')).toBe(true));
  });

  it('switches accounts from a sub-list of profiles and the demo', async () => {
    const calls = await renderOpen();
    await type('switch');
    expect(activeOption()).toContain('Switch account');
    await fireEvent.keyDown(input(), { key: 'Enter' });

    // Still open, now listing the accounts, the current one marked.
    expect(input().value).toBe('');
    await waitFor(() => expect(options()).toHaveLength(2));
    expect(options()[0]).toContain('Acme Realty');
    expect(options()[1]).toContain('Demo workspace');
    expect(options()[1]).toContain('Current');

    // Backspace on an empty query goes back up.
    await fireEvent.keyDown(input(), { key: 'Backspace' });
    expect(options().some((text) => text.includes('Sync now'))).toBe(true);
    await type('switch');
    await fireEvent.keyDown(input(), { key: 'Enter' });

    await type('acme');
    await fireEvent.keyDown(input(), { key: 'Enter' });
    await waitFor(() => expect(calls.find((call) => call.cmd === 'switch_profile')?.args.profileId).toBe('p1'));
    await waitFor(() => expect(screen.queryByRole('combobox')).toBeNull());
  });
});

describe('palette search', () => {
  it('drops an answer that arrives after a newer search', async () => {
    const pending: Record<string, (rows: ContactRow[]) => void> = {};
    mockIPC((cmd, args) => {
      const payload = args as Record<string, unknown>;
      if (cmd === 'list_contacts') {
        const search = (payload.filter as { search: string }).search;
        return new Promise((resolve) => (pending[search] = (rows) => resolve({ rows, offset: 0, total: rows.length })));
      }
      if (cmd === 'list_businesses') return [];
      return null;
    });
    palette.show();
    const older = palette.search('a');
    const newer = palette.search('ab');
    await waitFor(() => expect(Object.keys(pending)).toEqual(['a', 'ab']));
    pending.ab!([contact('c2', 'Abby')]);
    await newer;
    pending.a!([contact('c1', 'Alan')]);
    await older;
    expect(palette.contacts.map((item) => item.label)).toEqual(['Abby']);
  });
});
