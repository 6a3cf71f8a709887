/**
 * The colours charts draw with, read from the design tokens in app.css so canvas drawings
 * match the rest of the screen, and read again whenever the system switches light/dark.
 */

export interface ChartTheme {
  dark: boolean;
  text: string;
  muted: string;
  grid: string;
  surface: string;
  font: string;
  accent: string;
  ok: string;
  warn: string;
  danger: string;
}

const FALLBACK: ChartTheme = {
  dark: false,
  text: '#1b1d24',
  muted: '#545a6a',
  grid: '#e1e3ea',
  surface: '#ffffff',
  font: 'system-ui, sans-serif',
  accent: '#4f46e5',
  ok: '#15803d',
  warn: '#b45309',
  danger: '#b91c1c',
};

const DARK_QUERY = '(prefers-color-scheme: dark)';

function read(): ChartTheme {
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return FALLBACK;
  const style = getComputedStyle(document.documentElement);
  const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    dark: typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches,
    text: token('--text', FALLBACK.text),
    muted: token('--text-2', FALLBACK.muted),
    grid: token('--border', FALLBACK.grid),
    surface: token('--surface', FALLBACK.surface),
    font: token('--font', FALLBACK.font),
    accent: token('--accent', FALLBACK.accent),
    ok: token('--ok', FALLBACK.ok),
    warn: token('--warn', FALLBACK.warn),
    danger: token('--danger', FALLBACK.danger),
  };
}

class ThemeWatcher {
  current = $state<ChartTheme>(read());

  /** Follows the system's colour scheme until the returned function is called. */
  watch(): () => void {
    this.current = read();
    if (typeof matchMedia !== 'function') return () => {};
    const query = matchMedia(DARK_QUERY);
    const changed = () => (this.current = read());
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }
}

export const chartTheme = new ThemeWatcher();
