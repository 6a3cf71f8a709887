import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { IpcError, describeError, ipc, messageOf } from './ipc';
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

describe('describeError', () => {
  it('rounds rate-limit waits up to whole seconds', () => {
    expect(describeError({ code: 'RateLimited', retryAfterMs: 1200 })).toContain('2 s');
    expect(describeError({ code: 'RateLimited', retryAfterMs: 0 })).toContain('1 s');
  });

  it('names the missing scope of a forbidden call', () => {
    const message = describeError({
      code: 'Forbidden',
      message: 'This write was refused.',
      missingScope: 'contacts.write',
    });
    expect(message).toBe('This write was refused. (the token lacks the contacts.write scope)');
  });

  it('says how to rebuild a damaged cache', () => {
    const message = describeError({ code: 'CacheDamaged', path: '/data/cache.sqlite', detail: 'file is not a database' });
    expect(message).toContain('restart Contact Desk to rebuild it');
    expect(message).toContain('remove /data/cache.sqlite and sync again');
  });

  it('joins validation messages', () => {
    const message = describeError({ code: 'Validation', messages: ['title is required.', 'dueDate is invalid.'] });
    expect(message).toBe('title is required. dueDate is invalid.');
  });
});
