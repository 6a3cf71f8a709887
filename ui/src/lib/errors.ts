/**
 * Every failure put in words, once, for every screen. Commands throw an `IpcError`;
 * `explain` turns it (or an `AppError` the backend reported, or anything else thrown)
 * into a title, what it means and what to do. The advice depends on what the user was
 * doing, so screens say that; without it, the plain words.
 */
import type { AppError } from '../bindings';

export class IpcError extends Error {
  readonly error: AppError;

  constructor(error: AppError) {
    super(sentence(error));
    this.name = 'IpcError';
    this.error = error;
  }
}

/** A readable message for anything a command can throw, typed or not. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  // Tauri rejects with a plain string for framework failures (unknown command, ACL).
  return String(error);
}

/** The form field a problem belongs to, so the form can point at it. */
export type Field = 'name' | 'environment' | 'locationId' | 'token' | 'clientId' | 'clientSecret' | 'baseUrl' | 'authorizeUrl' | 'redirectUri' | 'pasted';

/** An error put in words for the person who has to fix it. */
export interface Problem {
  title: string;
  /** What it means and what to do. */
  detail: string;
  /** The system's or HighLevel's own words, shown small, when they add something. */
  said?: string;
  field?: Field;
}

export interface Situation {
  /**
   * `account`: adding, testing or changing an account; `credentials`: the active account's
   * secrets could not be loaded; `write`: a change sent to HighLevel.
   */
  doing?: 'account' | 'credentials' | 'write';
  locationId?: string;
  /** What the credential is: changes a few words ("token" vs "OAuth app"). */
  auth?: 'token' | 'oauth';
  /** Whether the failed call was storing a secret (adding, rotating) or only using one. */
  storing?: boolean;
}

/** Whatever a command threw, or an `AppError` as the backend reported it, in words. */
export function explain(error: unknown, situation: Situation = {}): Problem {
  const appError = error instanceof IpcError ? error.error : asAppError(error);
  if (!appError) return { title: 'Something went wrong', detail: messageOf(error) };
  switch (situation.doing) {
    case 'account':
      return forAccount(appError, situation);
    case 'credentials':
      return forCredentials(appError, situation);
    case 'write':
      return forWrite(appError);
    default:
      return { title: 'Something went wrong', detail: sentence(appError) };
  }
}

/** An error as it arrives inside a result (a connection report, an API call), not thrown. */
function asAppError(error: unknown): AppError | null {
  const code = typeof error === 'object' && error !== null && !(error instanceof Error) ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? (error as AppError) : null;
}

/** Words for each wire error code; the compiler insists every code has some. */
function sentence(error: AppError): string {
  switch (error.code) {
    case 'NotConnected':
      return 'No HighLevel account is connected. Add one in Settings › Accounts.';
    case 'KeychainUnavailable':
      return `The system keychain is unavailable: ${error.reason}`;
    case 'Offline':
      return `You are offline (${error.reason}). Cached data stays readable; changes need the network.`;
    case 'RateLimited':
      return `HighLevel's rate limit was reached. Try again in ${Math.max(1, Math.ceil(error.retryAfterMs / 1000))} s.`;
    case 'DailyReserve':
      return `Sync paused for today: HighLevel's daily budget is down to ${error.remaining.toLocaleString()} of ${error.limit.toLocaleString()} requests, and the last fifth is kept for your own work. Syncing resumes when the budget resets.`;
    case 'Unauthorized':
      return `HighLevel did not accept the credentials: ${error.message}`;
    case 'Forbidden':
      return error.missingScope
        ? `${error.message} (the token lacks the ${error.missingScope} scope)`
        : error.message;
    case 'NotFound':
      return error.message;
    case 'Validation':
      return error.messages.join(' ');
    case 'Timeout':
      return 'HighLevel did not answer in time.';
    case 'Api':
    case 'Rejected':
      return `HighLevel answered ${error.status}: ${error.message}`;
    case 'Unconfirmed':
      return error.message;
    case 'Decode':
      return `HighLevel sent a response Contact Desk could not read: ${error.message}`;
    case 'Storage':
      return `The local cache failed: ${error.message}`;
    case 'CacheDamaged':
      return `The local cache is damaged (${error.detail}). It only holds copies of HighLevel's data: restart Contact Desk to rebuild it (or remove ${error.path} and sync again).`;
    case 'Io':
      return error.message;
    case 'Cancelled':
      return 'The operation was cancelled.';
    default:
      return unreachable(error);
  }
}

function unreachable(error: never): string {
  return `Unexpected error: ${JSON.stringify(error)}`;
}

/** Adding, testing or changing an account: what to fix, and the form field to look at. */
function forAccount(error: AppError, situation: Situation): Problem {
  const location = situation.locationId ? ` ${situation.locationId}` : '';
  switch (error.code) {
    case 'Unauthorized':
      if (situation.auth === 'oauth') {
        return { title: 'HighLevel did not authorize the app', detail: error.message, field: 'clientSecret' };
      }
      return {
        title: 'HighLevel rejected the token (401)',
        detail:
          'The token is mistyped, expired or revoked. Copy it again from HighLevel › Settings › Private Integrations and paste the whole value.',
        said: serverWords(error.message),
        field: 'token',
      };
    case 'Forbidden':
      if (error.missingScope) {
        const reading = error.missingScope === 'contacts.readonly';
        return {
          title: `The token lacks the ${error.missingScope} scope (403)`,
          detail: reading
            ? 'Contact Desk needs at least “View Contacts” (contacts.readonly) to read the sub-account. Edit the Private Integration in HighLevel, add the scope (and “Edit Contacts”, contacts.write, to change records), then paste the new token.'
            : `Add the ${error.missingScope} scope to the integration in HighLevel, then paste the new token.`,
          field: 'token',
        };
      }
      return {
        title: `The token has no access to location${location} (403)`,
        detail:
          'Check the location id: it is the sub-account’s id, shown in its address after /location/. A Private Integration Token only works for the sub-account it was created in; an agency-level token does not work here.',
        field: 'locationId',
      };
    case 'KeychainUnavailable':
      return {
        title: 'The system keychain is unavailable',
        detail: `${situation.storing ? 'Contact Desk keeps secrets only in the system keychain, so nothing was saved.' : 'Contact Desk cannot read this account’s secrets.'} Unlock the keychain (on Linux, the “Login” keyring in Passwords and Keys) and try again.`,
        said: error.reason,
      };
    case 'Validation':
      return { title: 'Check the form', detail: error.messages.join(' ') };
    case 'Offline':
    case 'Timeout':
      return {
        title: 'HighLevel could not be reached',
        detail: `${sentence(error)} Check the network, and the base URL under Advanced if you changed it.`,
        field: 'baseUrl',
      };
    case 'Cancelled':
      return { title: 'Cancelled', detail: sentence(error) };
    default:
      return { title: 'HighLevel refused', detail: sentence(error) };
  }
}

/** What HighLevel itself said, when Rust's message carries it in parentheses at the end. */
function serverWords(message: string): string | undefined {
  const said = /rejected the token[^(]*\((.+)\)\s*$/.exec(message)?.[1];
  if (said) return said;
  return message.includes('rejected the token') ? undefined : message;
}

/** The active account's secrets could not be loaded: syncing and changes pause. */
function forCredentials(error: AppError, situation: Situation): Problem {
  const oauth = situation.auth === 'oauth';
  switch (error.code) {
    case 'KeychainUnavailable':
      return {
        title: 'The system keychain is locked or not running',
        detail: `Contact Desk keeps this account’s ${oauth ? 'OAuth secrets' : 'token'} only in the keychain, so syncing and changes are paused; cached data stays readable. Unlock the keychain (on Linux, the “Login” keyring in Passwords and Keys, or sign in to the desktop again), then choose Try again.`,
        said: error.reason,
      };
    case 'Unauthorized':
      return {
        title: oauth ? 'HighLevel no longer accepts this account’s authorization' : 'HighLevel no longer accepts this account’s token',
        detail: `Syncing and changes are paused; cached data stays readable. ${oauth ? 'Reconnect the account' : 'Rotate the token (paste a new one)'} to go on.`,
        said: error.message,
      };
    default:
      return {
        title: 'This account’s credentials could not be loaded',
        detail: 'Syncing and changes are paused until this is fixed; cached data stays readable.',
        said: sentence(error),
      };
  }
}

/** A change HighLevel refused, for a rollback message; offline says so plainly. */
function forWrite(error: AppError): Problem {
  if (error.code === 'Offline') {
    return { title: 'Nothing was sent', detail: 'You are offline, so nothing was sent. Your input is kept; try again once connected.' };
  }
  if (error.code === 'Unconfirmed') {
    return { title: 'The change may have been applied', detail: sentence(error) };
  }
  return { title: 'HighLevel refused', detail: sentence(error) };
}
