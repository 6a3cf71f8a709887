/**
 * The only module that calls the generated bindings. Commands resolve with their data
 * or throw an `IpcError` whose message is ready to show to the user; events arrive
 * through `subscribe`.
 */
import { commands, events, type AppError } from '../bindings';

type Outcome<T> = { status: 'ok'; data: T } | { status: 'error'; error: AppError };

export class IpcError extends Error {
  readonly error: AppError;

  constructor(error: AppError) {
    super(describeError(error));
    this.name = 'IpcError';
    this.error = error;
  }
}

/** Words for each wire error code; the compiler insists every code has some. */
export function describeError(error: AppError): string {
  switch (error.code) {
    case 'NotConnected':
      return 'No HighLevel account is connected. Add one in Settings › Accounts.';
    case 'KeychainUnavailable':
      return `The system keychain is unavailable: ${error.reason}`;
    case 'Offline':
      return `You are offline (${error.reason}). Cached data stays readable; changes need the network.`;
    case 'RateLimited':
      return `HighLevel's rate limit was reached. Try again in ${Math.max(1, Math.ceil(error.retryAfterMs / 1000))} s.`;
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

/** A readable message for anything a command can throw, typed or not. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  // Tauri rejects with a plain string for framework failures (unknown command, ACL).
  return String(error);
}

async function call<T>(outcome: Promise<Outcome<T>>): Promise<T> {
  const result = await outcome;
  if (result.status === 'error') throw new IpcError(result.error);
  return result.data;
}

type Commands = typeof commands;
type Unwrapped<F> = F extends (...args: infer A) => Promise<Outcome<infer D>>
  ? (...args: A) => Promise<D>
  : never;

/** Every command, resolving with its data (or throwing an `IpcError`). */
export const ipc = Object.fromEntries(
  Object.entries(commands).map(([name, command]) => [
    name,
    (...args: unknown[]) => call((command as (...a: unknown[]) => Promise<Outcome<unknown>>)(...args)),
  ]),
) as { [K in keyof Commands]: Unwrapped<Commands[K]> };

type EventName = keyof typeof events;
type Payload<E extends EventName> = Parameters<Parameters<(typeof events)[E]['listen']>[0]>[0]['payload'];

/**
 * Listens to a Rust event until the returned function is called; meant for `$effect`:
 * `$effect(() => subscribe('contactsChanged', reload))`.
 */
export function subscribe<E extends EventName>(name: E, handler: (payload: Payload<E>) => void): () => void {
  let stop: (() => void) | undefined;
  let stopped = false;
  const listen = events[name].listen as (cb: (event: { payload: Payload<E> }) => void) => Promise<() => void>;
  void listen((event) => handler(event.payload)).then((unlisten) => {
    if (stopped) unlisten();
    else stop = unlisten;
  });
  return () => {
    stopped = true;
    stop?.();
  };
}
