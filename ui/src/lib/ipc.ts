/**
 * The only module that calls the generated bindings. Commands resolve with their data
 * or throw an `IpcError` (from `errors.ts`) whose message is ready to show to the user;
 * events arrive through `subscribe`.
 */
import { commands, events, type AppError } from '../bindings';
import { IpcError } from './errors';

export { IpcError, messageOf } from './errors';

type Outcome<T> = { status: 'ok'; data: T } | { status: 'error'; error: AppError };

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
