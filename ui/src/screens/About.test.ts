import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { mockIPC } from '@tauri-apps/api/mocks';
import About from './About.svelte';
import { updates } from '../stores/updates.svelte';
import type { Diagnostics } from '../bindings';
import { toasts } from '../stores/toasts.svelte';

const measured: Diagnostics = {
  appVersion: '1.2.3',
  platform: 'Debian 12 (x86_64)',
  webviewVersion: null,
  dataDir: '/data/contact-desk',
  dataDirCheck: { usable: true, detail: 'writable' },
  keychain: { usable: false, detail: 'no keychain service answered' },
};

describe('About & diagnostics', () => {
  it('shows the values Rust measured, problems included', async () => {
    let calls = 0;
    mockIPC((cmd) => {
      if (cmd === 'get_update_status') return { channel: 'beta', checks: false, ready: null, refused: null };
      if (cmd !== 'get_diagnostics') throw new Error(`unexpected ${cmd}`);
      calls += 1;
      return measured;
    });
    await updates.load();
    render(About);

    expect(await screen.findByText('Contact Desk 1.2.3')).toBeTruthy();
    expect(screen.getByTestId('data-dir').textContent).toBe('/data/contact-desk');
    expect(screen.getByTestId('webview-version').textContent).toBe('Not reported by this system');
    expect(screen.getByTestId('keychain').textContent).toContain('Unavailable');
    expect(screen.getByTestId('keychain').textContent).toContain('no keychain service answered');
    expect(calls).toBe(1);
    expect(await screen.findByText(/does not check for updates/)).toBeTruthy();
    expect((screen.getByLabelText('Updates') as HTMLSelectElement).value).toBe('beta');
  });

  it('exports the diagnostics where the person chose and says where', async () => {
    const called: string[] = [];
    mockIPC((cmd) => {
      called.push(cmd);
      if (cmd === 'get_diagnostics') return measured;
      if (cmd === 'export_diagnostics') return '/home/ada/contact-desk-diagnostics.zip';
      throw new Error(`unexpected ${cmd}`);
    });
    render(About);
    await fireEvent.click(screen.getByTestId('export-diagnostics'));
    await waitFor(() => expect(toasts.items.at(-1)?.title).toBe('Diagnostics saved'));
    expect(toasts.items.at(-1)?.body).toBe('/home/ada/contact-desk-diagnostics.zip');
    expect(called.filter((cmd) => cmd === 'export_diagnostics')).toHaveLength(1);
  });
});
