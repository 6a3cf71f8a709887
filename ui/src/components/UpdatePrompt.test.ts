import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import UpdatePrompt from './UpdatePrompt.svelte';
import { updates } from '../stores/updates.svelte';
import { backend, callsOf } from '../testing/fixtures';

let stop: () => void = () => {};
const nothing = { channel: 'stable', checks: true, ready: null, refused: null };

afterEach(() => {
  stop();
  updates.ready = null;
  updates.refused = null;
  updates.dismissed = false;
  updates.installing = false;
  updates.error = null;
});

describe('the update prompt', () => {
  it('shows a download verified before the window listened', async () => {
    const ready = { version: '0.2.0', notes: 'Faster sync.' };
    backend({ get_update_status: () => ({ ...nothing, ready }) }, { events: true });
    stop = updates.start();
    render(UpdatePrompt);
    expect(await screen.findByText('Contact Desk 0.2.0 is ready')).toBeTruthy();
  });

  it('shows nothing until Rust has a verified download, then its notes and a restart', async () => {
    const calls = backend({ get_update_status: () => nothing, install_update: () => null }, { events: true });
    stop = updates.start();
    render(UpdatePrompt);
    expect(screen.queryByTestId('update-prompt')).toBeNull();

    await emit('update-ready', { version: '0.2.0', notes: 'Faster sync.\nسجل التغييرات' });
    expect(await screen.findByText('Contact Desk 0.2.0 is ready')).toBeTruthy();
    const notes = screen.getByTestId('update-notes');
    expect(notes.textContent).toContain('Faster sync.');
    expect(notes.getAttribute('dir')).toBe('auto');

    await fireEvent.click(screen.getByTestId('update-install'));
    await waitFor(() => expect(callsOf(calls, 'install_update')).toHaveLength(1));
  });

  it('says why a download was refused, and "Later" puts the offer away', async () => {
    backend({ get_update_status: () => nothing }, { events: true });
    stop = updates.start();
    render(UpdatePrompt);

    await emit('update-refused', { version: '0.2.0', message: 'its signature does not match' });
    expect((await screen.findByRole('alert')).textContent).toContain('signature does not match');
    expect(screen.queryByTestId('update-install')).toBeNull();

    await emit('update-ready', { version: '0.2.1', notes: null });
    await fireEvent.click(await screen.findByText('Later'));
    await waitFor(() => expect(screen.queryByTestId('update-prompt')).toBeNull());
  });
});
