import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { IpcError, ipc, messageOf } from './ipc';
import type { Diagnostics } from '../bindings';

const diagnostics: Diagnostics = {
  appVersion: '9.9.9',
  platform: 'Debian 12 (x86_64)',
  webviewVersion: 'WebKitGTK 2.50.6',
  dataDir: '/home/ada/.local/share/com.contactdesk.desktop',
  dataDirCheck: { usable: true, detail: 'writable' },
  keychain: { usable: true, detail: 'Secret Service' },
};

describe('ipc', () => {
  it('resolves with the data a command returned', async () => {
    mockIPC((cmd) => (cmd === 'get_diagnostics' ? diagnostics : undefined));
    await expect(ipc.getDiagnostics()).resolves.toEqual(diagnostics);
  });

  it('throws a typed error with a readable message when a command fails', async () => {
    mockIPC(() => {
      throw { code: 'KeychainUnavailable', reason: 'the keychain is locked' };
    });
    const error = await ipc.getDiagnostics().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect((error as IpcError).error.code).toBe('KeychainUnavailable');
    expect(messageOf(error)).toBe('The system keychain is unavailable: the keychain is locked');
  });
});
