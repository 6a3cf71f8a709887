import { describe, expect, it } from 'vitest';
import { IpcError, explain, type Situation } from './errors';

describe('explain, without a situation', () => {
  it('rounds rate-limit waits up to whole seconds', () => {
    expect(explain({ code: 'RateLimited', retryAfterMs: 1200 }).detail).toContain('2 s');
    expect(explain({ code: 'RateLimited', retryAfterMs: 0 }).detail).toContain('1 s');
  });

  it('names the missing scope of a forbidden call', () => {
    const message = explain({
      code: 'Forbidden',
      message: 'This write was refused.',
      missingScope: 'contacts.write',
    }).detail;
    expect(message).toBe('This write was refused. (the token lacks the contacts.write scope)');
  });

  it('says how to rebuild a damaged cache', () => {
    const message = explain({ code: 'CacheDamaged', path: '/data/cache.sqlite', detail: 'file is not a database' }).detail;
    expect(message).toContain('restart Contact Desk to rebuild it');
    expect(message).toContain('remove /data/cache.sqlite and sync again');
  });

  it('joins validation messages', () => {
    const message = explain({ code: 'Validation', messages: ['title is required.', 'dueDate is invalid.'] }).detail;
    expect(message).toBe('title is required. dueDate is invalid.');
  });

  it('says the same of an error thrown by a command and one reported in a result', () => {
    const error = { code: 'Rejected', status: 400, message: 'duplicate contact' } as const;
    expect(explain(new IpcError(error)).detail).toBe('HighLevel answered 400: duplicate contact');
    expect(explain(error).detail).toBe('HighLevel answered 400: duplicate contact');
  });

  it('gives the message of anything else thrown', () => {
    expect(explain(new Error('boom'))).toEqual({ title: 'Something went wrong', detail: 'boom' });
    expect(explain('unknown command').detail).toBe('unknown command');
  });
});

const account: Situation = { doing: 'account' };

describe('explain, for an account being added or changed', () => {
  it('names the location for a 403 without a scope', () => {
    const problem = explain(
      { code: 'Forbidden', message: 'The token does not have access to location loc-9: check the location id', missingScope: null },
      { doing: 'account', locationId: 'loc-9' },
    );
    expect(problem.title).toBe('The token has no access to location loc-9 (403)');
    expect(problem.field).toBe('locationId');
  });

  it('says which scope is missing and how to add it', () => {
    const problem = explain({ code: 'Forbidden', message: 'the token lacks the contacts.readonly scope', missingScope: 'contacts.readonly' }, account);
    expect(problem.title).toBe('The token lacks the contacts.readonly scope (403)');
    expect(problem.detail).toContain('View Contacts');
    expect(problem.field).toBe('token');
  });

  it('explains an unavailable keychain and that nothing was saved', () => {
    const problem = explain({ code: 'KeychainUnavailable', reason: 'the collection is locked' }, { doing: 'account', storing: true });
    expect(problem.title).toBe('The system keychain is unavailable');
    expect(problem.detail).toContain('nothing was saved');
    expect(problem.said).toBe('the collection is locked');
    expect(explain({ code: 'KeychainUnavailable', reason: 'locked' }, account).detail).not.toContain('saved');
  });

  it('points at the base URL when HighLevel cannot be reached', () => {
    expect(explain({ code: 'Offline', reason: 'connection refused' }, account).field).toBe('baseUrl');
  });
});

describe('explain, for credentials that could not be loaded', () => {
  it('says what to do for the kind of credential, with HighLevel’s words as details', () => {
    const error = { code: 'Unauthorized', message: 'token revoked' } as const;
    const token = explain(error, { doing: 'credentials', auth: 'token' });
    expect(token.title).toBe('HighLevel no longer accepts this account’s token');
    expect(token.detail).toContain('Rotate the token');
    expect(token.said).toBe('token revoked');
    expect(explain(error, { doing: 'credentials', auth: 'oauth' }).detail).toContain('Reconnect the account');
  });
});

describe('explain, for a change sent to HighLevel', () => {
  it('says plainly that nothing was sent while offline, and HighLevel’s words otherwise', () => {
    expect(explain({ code: 'Offline', reason: 'refused' }, { doing: 'write' }).detail).toBe(
      'You are offline, so nothing was sent. Your input is kept; try again once connected.',
    );
    expect(explain({ code: 'Rejected', status: 400, message: 'duplicate' }, { doing: 'write' }).detail).toBe('HighLevel answered 400: duplicate');
  });

  it('does not call a write whose answer was lost refused', () => {
    const lost = explain({ code: 'Unconfirmed', message: 'HighLevel may have applied the change.' }, { doing: 'write' });
    expect(lost.title).toBe('The change may have been applied');
    expect(lost.detail).toContain('may have applied');
  });
});
