/**
 * The webview's console and its uncaught errors, forwarded into the app's log files, so
 * support sees the UI's failures beside the backend's. The console still prints as usual.
 */
import type { ConsoleLevel } from '../bindings';
import { ipc } from './ipc';

const FORWARDED: Record<'debug' | 'log' | 'info' | 'warn' | 'error', ConsoleLevel> = {
  debug: 'debug',
  log: 'info',
  info: 'info',
  warn: 'warn',
  error: 'error',
};

function text(values: unknown[]): string {
  return values
    .map((value) => {
      if (value instanceof Error) return value.stack ?? value.message;
      if (typeof value === 'string') return value;
      try {
        return JSON.stringify(value);
      } catch {
        return String(value);
      }
    })
    .join(' ');
}

/** A log line that cannot be sent is dropped: logging must never fail the UI. */
function send(level: ConsoleLevel, values: unknown[]) {
  void ipc.logFromWebview(level, text(values)).catch(() => {});
}

export function forwardConsole() {
  for (const [method, level] of Object.entries(FORWARDED) as [keyof typeof FORWARDED, ConsoleLevel][]) {
    const original = console[method].bind(console);
    console[method] = (...values: unknown[]) => {
      original(...values);
      send(level, values);
    };
  }
  window.addEventListener('error', (event) => send('error', [event.error ?? event.message]));
  window.addEventListener('unhandledrejection', (event) => send('error', ['unhandled rejection:', event.reason]));
}
