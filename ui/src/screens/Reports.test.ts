import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import Reports from './Reports.svelte';
import type { BusinessRollup, Facets, Rollup, SyncProgress } from '../bindings';
import { reports } from '../stores/reports.svelte';
import { toasts } from '../stores/toasts.svelte';
import { navigation } from '../lib/navigation.svelte';
import { sortRows } from './reports/columns';
import { contactsChart, tasksChart, topBusinesses } from './reports/charts';
import { chartTheme } from './reports/theme.svelte';
import { HOSTILE, HYPERLINK } from '../testing/fixtures';

function row(name: string, patch: Partial<BusinessRollup> = {}): BusinessRollup {
  return {
    businessId: `b-${name}`,
    name,
    contacts: 1,
    withEmail: 0,
    withPhone: 0,
    newContacts: 0,
    openTasks: 0,
    completedTasks: 0,
    overdueTasks: 0,
    notes: 0,
    upcomingAppointments: 0,
    pastAppointments: 0,
    lastActivity: null,
    owners: [],
    ownerNames: [],
    topTags: [],
    unsyncedContacts: 0,
    ...patch,
  };
}

function rollup(rows: BusinessRollup[], patch: Partial<Rollup> = {}): Rollup {
  const sum = (key: 'contacts' | 'openTasks' | 'overdueTasks' | 'unsyncedContacts') => rows.reduce((n, r) => n + r[key], 0);
  const now = new Date().toISOString();
  return {
    filter: {},
    generatedAt: now,
    asOf: now,
    rows,
    totals: row('All businesses', {
      businessId: null,
      contacts: sum('contacts'),
      openTasks: sum('openTasks'),
      overdueTasks: sum('overdueTasks'),
      unsyncedContacts: sum('unsyncedContacts'),
    }),
    completeness: { contacts: sum('contacts'), unsynced: sum('unsyncedContacts'), unsyncedExamples: [], notesUnread: 0 },
    overdueTrend: [
      { date: '2025-03-01', overdue: 2 },
      { date: '2025-03-02', overdue: 3 },
    ],
    ...patch,
  };
}

const ROWS = [
  row('Acme', { contacts: 30, overdueTasks: 1, lastActivity: '2025-03-01T10:00:00Z' }),
  row('Bravo', { contacts: 10, overdueTasks: 7, lastActivity: '2025-03-09T10:00:00Z' }),
  row('charlie', { contacts: 20, overdueTasks: 3, lastActivity: null }),
  row('No business', { businessId: null, contacts: 50, overdueTasks: 9 }),
];

const FACETS: Facets = { tags: [['vip', 4], [HYPERLINK, 1]], owners: ['user-1', 'user-2'] };

type Handler = (cmd: string, args: Record<string, unknown>) => unknown;

function serve(data: Rollup, extra: Handler = () => undefined) {
  const asked: Record<string, unknown>[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      if (cmd === 'get_rollup') {
        asked.push(a.filter as Record<string, unknown>);
        return data;
      }
      if (cmd === 'contact_facets') return FACETS;
      const answer = extra(cmd, a);
      if (answer !== undefined) return answer;
      throw new Error(`unexpected ${cmd}`);
    },
    { shouldMockEvents: true },
  );
  return asked;
}

function tableNames(container: HTMLElement): string[] {
  return [...container.querySelectorAll('tbody th')].map((th) => th.textContent!.replace(/\s+\d+ unsynced/, '').trim());
}

beforeEach(() => {
  reports.rollup = null;
  reports.error = null;
  reports.fetching = null;
  reports.filter = { from: '', to: '', tag: '', owner: '' };
  reports.sort = { key: 'contacts', direction: 'desc' };
  reports.csv = { bom: true, includeIds: false };
  toasts.items = [];
  navigation.businessId = null;
  navigation.current = 'reports';
});

describe('sorting the roll-up', () => {
  it('sorts by any column, keeps "No business" last, and puts missing dates last', () => {
    const names = (key: Parameters<typeof sortRows>[1]) => sortRows(ROWS, key).map((r) => r.name);
    expect(names({ key: 'contacts', direction: 'desc' })).toEqual(['Acme', 'charlie', 'Bravo', 'No business']);
    expect(names({ key: 'contacts', direction: 'asc' })).toEqual(['Bravo', 'charlie', 'Acme', 'No business']);
    expect(names({ key: 'name', direction: 'asc' })).toEqual(['Acme', 'Bravo', 'charlie', 'No business']);
    expect(names({ key: 'lastActivity', direction: 'desc' })).toEqual(['Bravo', 'Acme', 'charlie', 'No business']);
    expect(names({ key: 'lastActivity', direction: 'asc' })).toEqual(['Acme', 'Bravo', 'charlie', 'No business']);
  });

  it('re-sorts the table when a header is clicked, and flips on a second click', async () => {
    serve(rollup(ROWS));
    const { container } = render(Reports);
    await screen.findByTestId('rollup-table');
    expect(tableNames(container)).toEqual(['Acme', 'charlie', 'Bravo', 'No business']);

    const overdue = container.querySelector<HTMLButtonElement>('[data-sort="overdueTasks"]')!;
    await fireEvent.click(overdue);
    expect(tableNames(container)).toEqual(['Bravo', 'charlie', 'Acme', 'No business']);
    expect(overdue.closest('th')!.getAttribute('aria-sort')).toBe('descending');
    await fireEvent.click(overdue);
    expect(tableNames(container)).toEqual(['Acme', 'charlie', 'Bravo', 'No business']);
    expect(overdue.closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    // The totals row stays pinned below, whatever the order.
    expect(within(screen.getByTestId('totals-row')).getByText('All businesses')).toBeTruthy();
    expect(screen.getByTestId('totals-row').textContent).toContain('110');
  });

  it('drills into a business from its row', async () => {
    serve(rollup(ROWS));
    render(Reports);
    await fireEvent.click(await screen.findByRole('button', { name: 'Bravo' }));
    expect(navigation.current).toBe('businesses');
    expect(navigation.businessId).toBe('b-Bravo');
  });

  it('builds rows as the table scrolls to them', async () => {
    let reached: IntersectionObserverCallback = () => undefined;
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(callback: IntersectionObserverCallback) {
          reached = callback;
        }
        observe() {}
        disconnect() {}
      },
    );
    try {
      const many = Array.from({ length: 150 }, (_, index) => row(`Business ${index}`, { contacts: 1_000 + index }));
      serve(rollup(many));
      render(Reports);
      const table = await screen.findByTestId('rollup-table');
      const built = () => table.querySelectorAll('tbody tr[data-business-id]').length;
      expect(built()).toBe(60);
      expect(screen.getByTestId('rows-pending').textContent).toContain('90 more businesses');
      reached([{ isIntersecting: true } as IntersectionObserverEntry], {} as IntersectionObserver);
      await vi.waitFor(() => expect(built()).toBe(120));
      reached([{ isIntersecting: true } as IntersectionObserverEntry], {} as IntersectionObserver);
      await vi.waitFor(() => expect(built()).toBe(150));
      expect(screen.queryByTestId('rows-pending')).toBeNull();
      // The totals still count every business, built or not.
      expect(within(screen.getByTestId('totals-row')).getByText('161,175')).toBeTruthy();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('filters', () => {
  it('re-runs the roll-up with the chosen period, tag and owner', async () => {
    const asked = serve(rollup(ROWS));
    const { container } = render(Reports);
    await screen.findByTestId('rollup-table');
    expect(asked.at(-1)).toEqual({});

    const from = container.querySelector<HTMLInputElement>('input[name="from"]')!;
    await fireEvent.change(from, { target: { value: '2025-03-01' } });
    await vi.waitFor(() => expect(asked.at(-1)).toEqual({ from: '2025-03-01' }));

    const tag = container.querySelector<HTMLSelectElement>('select[name="tag"]')!;
    expect([...tag.options].map((o) => o.textContent)).toContain(`${HYPERLINK} (1)`);
    await fireEvent.change(tag, { target: { value: 'vip' } });
    await fireEvent.change(container.querySelector('select[name="owner"]')!, { target: { value: 'user-2' } });
    await vi.waitFor(() => expect(asked.at(-1)).toEqual({ from: '2025-03-01', tag: 'vip', owner: 'user-2' }));

    await fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    await vi.waitFor(() => expect(asked.at(-1)).toEqual({}));
  });
});

describe('loading', () => {
  it('lets a slow roll-up land: reads asked for meanwhile coalesce into one more', async () => {
    const pending: ((value: Rollup) => void)[] = [];
    mockIPC((cmd) => {
      if (cmd === 'get_rollup') return new Promise<Rollup>((resolve) => pending.push(resolve));
      throw new Error(`unexpected ${cmd}`);
    });
    const first = reports.load();
    void reports.load();
    void reports.load();
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    pending[0]!(rollup(ROWS));
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    expect(reports.rollup?.rows).toHaveLength(4);
    pending[1]!(rollup(ROWS.slice(0, 2)));
    await first;
    await vi.waitFor(() => expect(reports.rollup?.rows).toHaveLength(2));
    expect(pending).toHaveLength(2);
  });

  it('never shows a roll-up of a filter that has since changed', async () => {
    const pending: { filter: unknown; resolve: (value: Rollup) => void }[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'get_rollup') return new Promise<Rollup>((resolve) => pending.push({ filter: (args as { filter: unknown }).filter, resolve }));
      throw new Error(`unexpected ${cmd}`);
    });
    void reports.load();
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    reports.setFilter({ tag: 'vip' });
    pending[0]!.resolve(rollup(ROWS));
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    expect(reports.rollup).toBeNull();
    expect(pending[1]!.filter).toEqual({ tag: 'vip' });
    pending[1]!.resolve(rollup(ROWS.slice(0, 1)));
    await vi.waitFor(() => expect(reports.rollup?.rows).toHaveLength(1));
  });
});

describe('completeness', () => {
  it('names unsynced contacts, fetches for the businesses in view and re-runs when the sync ends', async () => {
    const rows = [row('Acme', { contacts: 30, unsyncedContacts: 4 }), row('Bravo', { contacts: 10 })];
    const data = rollup(rows, {
      completeness: {
        contacts: 40,
        unsynced: 4,
        unsyncedExamples: [
          { id: 'c1', name: HOSTILE },
          { id: 'c2', name: 'Ada Lovelace' },
          { id: 'c3', name: 'Grace Hopper' },
          { id: 'c4', name: 'Linus' },
        ],
        notesUnread: 0,
      },
    });
    const fetched: unknown[] = [];
    const asked = serve(data, (cmd, args) => {
      if (cmd === 'fetch_missing_details') {
        fetched.push(args);
        return 4;
      }
      return undefined;
    });
    const { container } = render(Reports);

    const banner = await screen.findByTestId('completeness-banner');
    expect(banner.textContent).toContain('4 contacts of 40 have no tasks');
    expect(within(banner).getByRole('button', { name: HOSTILE }).querySelector('bdi')?.textContent).toBe(HOSTILE);
    expect(banner.textContent).toContain('and 1 other');
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getAllByTestId('unsynced-marker')[0]!.textContent).toContain('4 unsynced');

    await fireEvent.click(within(banner).getByRole('button', { name: /Fetch missing details/ }));
    await vi.waitFor(() => expect(fetched).toEqual([{ filter: {}, businessIds: ['b-Acme', 'b-Bravo'] }]));
    expect(await screen.findByTestId('fetch-progress')).toBeTruthy();

    const reads = asked.length;
    const progress = (running: boolean): SyncProgress => ({
      running,
      phase: running ? 'Details' : 'Idle',
      done: running ? 2 : 4,
      total: 4,
      requests: 6,
      budgetLeft: 90,
      etaSeconds: null,
      lastFinished: null,
      lastError: null,
    });
    await emit('sync-progressed', progress(true));
    await emit('sync-progressed', progress(false));
    await vi.waitFor(() => expect(asked.length).toBe(reads + 1));
    await vi.waitFor(() => expect(screen.queryByTestId('fetch-progress')).toBeNull());
  });

  it('says whose notes were never read, beside the missing details or on its own', async () => {
    const rows = [row('Acme', { contacts: 30, unsyncedContacts: 4 })];
    const examples = [{ id: 'c1', name: 'Ada Lovelace' }];
    const both = rollup(rows, { completeness: { contacts: 30, unsynced: 4, unsyncedExamples: examples, notesUnread: 1_250 } });
    serve(both);
    const view = render(Reports);
    const banner = await screen.findByTestId('completeness-banner');
    expect(banner.textContent).toContain('4 contacts of 30 have no tasks');
    expect(within(banner).getByTestId('notes-unread').textContent?.trim()).toBe(
      'Notes of 1,250 contacts not read yet: note counts leave them out.',
    );
    view.unmount();

    serve(rollup([row('Acme', { contacts: 30 })], { completeness: { contacts: 30, unsynced: 0, unsyncedExamples: [], notesUnread: 1 } }));
    render(Reports);
    await vi.waitFor(() =>
      expect(screen.getByTestId('completeness-banner').textContent?.replace(/\s+/g, ' ').trim()).toBe(
        'Notes of 1 contact not read yet: note counts leave them out.',
      ),
    );
    expect(within(screen.getByTestId('completeness-banner')).queryByRole('button')).toBeNull();
  });

  it('says nothing about completeness when every contact has its details', async () => {
    serve(rollup(ROWS));
    render(Reports);
    await screen.findByTestId('rollup-table');
    expect(screen.queryByTestId('completeness-banner')).toBeNull();
    expect(screen.queryByTestId('unsynced-marker')).toBeNull();
  });
});

describe('CSV export', () => {
  async function exportWith(answer: string | null) {
    const exports: unknown[] = [];
    serve(rollup(ROWS), (cmd, args) => {
      if (cmd === 'export_rollup_csv') {
        exports.push(args);
        return answer === null ? null : answer;
      }
      return undefined;
    });
    render(Reports);
    await screen.findByTestId('rollup-table');
    await fireEvent.click(screen.getByTestId('export-toggle'));
    await fireEvent.click(screen.getByLabelText(/Include HighLevel ids/));
    await fireEvent.click(screen.getByLabelText(/Byte order mark/));
    await fireEvent.click(screen.getByTestId('export-save'));
    await vi.waitFor(() => expect(exports).toHaveLength(1));
    await vi.waitFor(() => expect(reports.exporting).toBe(false));
    return exports[0];
  }

  it('shows where the file went when saved', async () => {
    const args = await exportWith('/home/ada/business-report.csv');
    expect(args).toEqual({ filter: {}, options: { bom: false, includeIds: true } });
    expect(toasts.items).toHaveLength(1);
    expect(toasts.items[0]!.kind).toBe('success');
    expect(toasts.items[0]!.body).toBe('/home/ada/business-report.csv');
  });

  it('says nothing when the dialog was cancelled', async () => {
    await exportWith(null);
    expect(toasts.items).toHaveLength(0);
  });
});

describe("a business's contacts to CSV", () => {
  it('exports the row\'s business with the same options', async () => {
    const exports: unknown[] = [];
    serve(rollup(ROWS), (cmd, args) => {
      if (cmd === 'export_business_csv') {
        exports.push(args);
        return exports.length === 1 ? '/tmp/bravo.csv' : null;
      }
      return undefined;
    });
    render(Reports);
    await fireEvent.click(await screen.findByRole('button', { name: 'Export the contacts of Bravo as CSV' }));
    await vi.waitFor(() => expect(toasts.items).toHaveLength(1));
    expect(exports).toEqual([{ businessId: 'b-Bravo', options: { bom: true, includeIds: false } }]);
    expect(toasts.items[0]!.body).toBe('/tmp/bravo.csv');
    // The row click did not also drill down.
    expect(navigation.businessId).not.toBe('b-Bravo');

    await fireEvent.click(screen.getByRole('button', { name: 'Export the contacts of Acme as CSV' }));
    await vi.waitFor(() => expect(exports).toHaveLength(2));
    await vi.waitFor(() => expect(reports.exporting).toBe(false));
    expect(toasts.items).toHaveLength(1);
  });
});

describe('empty and hostile', () => {
  it('offers a sync when nothing is cached yet', async () => {
    serve(rollup([]), (cmd) => (cmd === 'sync_now' ? null : undefined));
    render(Reports);
    const empty = await screen.findByTestId('reports-empty');
    expect(empty.textContent).toContain('No contacts synced yet');
    expect(screen.queryByTestId('rollup-table')).toBeNull();
  });

  it('renders business names and tags from data as text', async () => {
    serve(
      rollup([
        row(HOSTILE, { contacts: 5, topTags: [{ tag: HYPERLINK, contacts: 2 }] }),
        row('Fine Co', { contacts: 3 }),
      ]),
    );
    const { container } = render(Reports);
    await screen.findByTestId('rollup-table');
    expect(screen.getByRole('button', { name: HOSTILE })).toBeTruthy();
    expect(screen.getByText(HYPERLINK).classList.contains('chip')).toBe(true);
    expect(container.querySelector('script')).toBeNull();
    // Each name and tag is its own bidi island: an override inside cannot reorder the row.
    expect(screen.getByRole('button', { name: HOSTILE }).getAttribute('dir')).toBe('auto');
    expect(screen.getByText(HYPERLINK).getAttribute('dir')).toBe('auto');
  });

  it('isolates names drawn on the canvas, where no markup can', () => {
    const override = 'Override \u202etxt.exe';
    const labels = contactsChart([row(override, { contacts: 4 })], chartTheme.current).data.labels;
    expect(labels).toEqual([`\u2068${override}\u2069`]);
  });
});

describe('chart data', () => {
  it('takes the top businesses, leaves "No business" out, and stacks open without overdue', () => {
    const many = Array.from({ length: 20 }, (_, i) => row(`B${i}`, { contacts: i + 1, openTasks: 5, overdueTasks: 2, completedTasks: i }));
    const theme = { dark: false, text: '#000000', muted: '#333333', grid: '#eeeeee', surface: '#ffffff', font: 'x', accent: '#4f46e5', ok: '#15803d', warn: '#b45309', danger: '#b91c1c' };
    const top = topBusinesses([...many, row('No business', { businessId: null, contacts: 999 })], (r) => r.contacts);
    expect(top).toHaveLength(15);
    expect(top[0]!.name).toBe('B19');
    expect(top.some((r) => r.businessId === null)).toBe(false);
    const contacts = contactsChart(many, theme);
    expect(contacts.data.datasets[0]!.data[0]).toBe(20);
    const tasks = tasksChart(many, theme);
    expect(tasks.data.datasets.map((d) => d.label)).toEqual(['Open', 'Overdue', 'Completed']);
    expect(tasks.data.datasets[0]!.data[0]).toBe(3);
    expect(tasks.data.datasets[1]!.data[0]).toBe(2);
  });
});

describe('chart theme', () => {
  it('reads the design tokens again when the system switches light/dark', () => {
    let dark = false;
    const listeners: (() => void)[] = [];
    const original = window.matchMedia;
    window.matchMedia = ((query: string) => ({
      get matches() {
        return query.includes('dark') && dark;
      },
      media: query,
      addEventListener: (_: string, listener: () => void) => listeners.push(listener),
      removeEventListener: (_: string, listener: () => void) => listeners.splice(listeners.indexOf(listener), 1),
    })) as unknown as typeof window.matchMedia;
    try {
      document.documentElement.style.setProperty('--accent', '#4f46e5');
      const stop = chartTheme.watch();
      expect(chartTheme.current.dark).toBe(false);
      expect(chartTheme.current.accent).toBe('#4f46e5');

      dark = true;
      document.documentElement.style.setProperty('--accent', '#818cf8');
      listeners.forEach((listener) => listener());
      expect(chartTheme.current.dark).toBe(true);
      expect(chartTheme.current.accent).toBe('#818cf8');
      const config = contactsChart(ROWS, chartTheme.current);
      expect(config.data.datasets[0]!.backgroundColor).toBe('#818cf8');

      stop();
      expect(listeners).toHaveLength(0);
    } finally {
      window.matchMedia = original;
      document.documentElement.style.removeProperty('--accent');
    }
  });
});
