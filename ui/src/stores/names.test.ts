import { beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import type { NamesView } from '../bindings';
import { names } from './names.svelte';
import { backend, callsOf, idleProgress, profileSession } from '../testing/fixtures';

function view(users: [id: string, name: string][]): NamesView {
  return { names: { users: users.map(([id, name]) => ({ id, name, email: null })), customFields: [] }, hints: [] };
}

beforeEach(() => {
  names.value = null;
});

describe('the names store', () => {
  it('reads once however many screens show names, again after a sync run and a session switch', async () => {
    let answer = view([['u1', 'Maya Okafor']]);
    const calls = backend({ get_names: () => answer }, { events: true });
    const stopList = names.start();
    const stopWorkspace = names.start();
    await waitFor(() => expect(names.user('u1')).toBe('Maya Okafor'));
    expect(callsOf(calls, 'get_names')).toHaveLength(1);

    answer = view([['u1', 'Maya Okafor-Weiss']]);
    await emit('sync-progressed', idleProgress({ running: true, phase: 'Contacts' }));
    expect(callsOf(calls, 'get_names')).toHaveLength(1);
    await emit('sync-progressed', idleProgress({ lastFinished: '2026-11-29T12:00:00Z' }));
    await waitFor(() => expect(names.user('u1')).toBe('Maya Okafor-Weiss'));

    answer = view([]);
    await emit('session-changed', profileSession({ name: 'Other' }));
    await waitFor(() => expect(callsOf(calls, 'get_names')).toHaveLength(3));
    expect(names.user('u1')).toBe('u1');

    stopList();
    stopWorkspace();
    await emit('sync-progressed', idleProgress({ running: true, phase: 'Contacts' }));
    await emit('sync-progressed', idleProgress({ lastFinished: '2026-11-29T13:00:00Z' }));
    expect(callsOf(calls, 'get_names')).toHaveLength(3);
  });

  it('orders owners by name, the unnamed last by id', () => {
    names.value = view([
      ['u2', 'Zoë Adams'],
      ['u1', 'Ada Byron'],
    ]);
    expect(names.usersByName(['uX', 'u2', 'u1'])).toEqual([
      ['u1', 'Ada Byron'],
      ['u2', 'Zoë Adams'],
      ['uX', 'uX'],
    ]);
    expect(names.hint('Users')).toBeNull();
  });
});
