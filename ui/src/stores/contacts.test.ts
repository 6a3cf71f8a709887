import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emit } from '@tauri-apps/api/event';
import { PAGE_SIZE, contacts, emptyFilter } from './contacts.svelte';
import type { AppError, ContactFilter, ContactListPage, ContactRow, ContactSort, ListPosition } from '../bindings';
import { scope } from './scope.svelte';
import { backend as mockBackend, contactRow as row, resetContactList } from '../testing/fixtures';

/** The `index`th contact of a list whose contacts have no email or company. */
function contactRow(index: number, patch: Partial<ContactRow> = {}): ContactRow {
  return row(`c${index}`, `Contact ${index}`, { email: null, companyName: null, ...patch });
}

interface ListArgs {
  filter: ContactFilter;
  sort: ContactSort;
  offset: number;
  limit: number;
}

interface Deferred {
  args: ListArgs;
  resolve: (page: ContactListPage) => void;
  reject: (error: AppError) => void;
}

/**
 * Serves `list_contacts` the way the cache does: `count` contacts, the total on the
 * first window only. `answer` may override an answer (return a promise to hold it).
 */
function backend(
  count: () => number,
  answer: (args: ListArgs) => ContactListPage | Promise<ContactListPage> | undefined = () => undefined,
) {
  const calls: ListArgs[] = [];
  mockBackend(
    {
      list_contacts: (args) => {
        const a = args as unknown as ListArgs;
        calls.push(a);
        const custom = answer(a);
        if (custom !== undefined) return custom;
        return page(a.offset, a.limit, count());
      },
      contact_facets: () => ({ tags: [['vip', 3]], owners: ['user-1'] }),
    },
    { strict: true, events: true },
  );
  return calls;
}

function page(offset: number, limit: number, total: number, capped = false): ContactListPage {
  const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => contactRow(offset + i));
  return { rows, offset, total: offset === 0 ? total : null, capped: offset === 0 ? capped : false };
}

/** A `list_contacts` answer that waits until the test settles it. */
function held(list: Deferred[], args: ListArgs): Promise<ContactListPage> {
  return new Promise<ContactListPage>((resolve, reject) => list.push({ args, resolve, reject }));
}

const offsets = (calls: ListArgs[]) => calls.map((call) => call.offset);

beforeEach(() => {
  resetContactList();
  localStorage.clear();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the paged window', () => {
  it('loads the first page with the filter and sort, and takes the total from it', async () => {
    const calls = backend(() => 250);

    await contacts.reload();

    expect(calls).toEqual([{ filter: emptyFilter(), sort: 'Newest', offset: 0, limit: PAGE_SIZE }]);
    expect(contacts.total).toBe(250);
    expect(contacts.capped).toBe(false);
    expect(contacts.row(0)?.id).toBe('c0');
    expect(contacts.row(PAGE_SIZE - 1)?.id).toBe(`c${PAGE_SIZE - 1}`);
    // Rows past the first page are not there until the list scrolls to them.
    expect(contacts.row(PAGE_SIZE)).toBeUndefined();
    expect(contacts.loading).toBe(false);
    expect(contacts.error).toBeNull();
  });

  it('fetches only the missing pages for a range, never past the total', async () => {
    const calls = backend(() => 250);
    await contacts.reload();
    calls.length = 0;

    contacts.ensure(150, 10_000);
    await vi.waitFor(() => expect(contacts.row(249)?.id).toBe('c249'));

    // Page 0 was already there; page 3 would start at 300, past the 250 contacts.
    expect(offsets(calls).sort((a, b) => a - b)).toEqual([100, 200]);
    expect(contacts.row(150)?.id).toBe('c150');
    expect(contacts.row(250)).toBeUndefined();
    // Later windows carry no count: the total from the first page stays.
    expect(contacts.total).toBe(250);

    calls.length = 0;
    contacts.ensure(0, 249);
    await Promise.resolve();
    expect(calls).toHaveLength(0);
  });

  it('asks for a page once while it is on its way', async () => {
    const waiting: Deferred[] = [];
    const calls = backend(
      () => 250,
      (args) => (args.offset === 100 ? held(waiting, args) : undefined),
    );
    await contacts.reload();
    calls.length = 0;

    contacts.ensure(120, 130);
    contacts.ensure(110, 190);
    await vi.waitFor(() => expect(waiting).toHaveLength(1));
    expect(contacts.loading).toBe(true);
    expect(offsets(calls)).toEqual([100]);

    waiting[0]!.resolve(page(100, PAGE_SIZE, 250));
    await vi.waitFor(() => expect(contacts.row(120)?.id).toBe('c120'));
    expect(contacts.loading).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('re-reads every loaded page on reload, dropping those past a smaller total', async () => {
    let count = 350;
    const calls = backend(() => count);
    await contacts.reload();
    contacts.ensure(0, 349);
    await vi.waitFor(() => expect(contacts.row(349)).toBeDefined());
    contacts.selected = 320;
    calls.length = 0;

    count = 120;
    await contacts.reload();

    expect(offsets(calls)[0]).toBe(0);
    expect(offsets(calls).sort((a, b) => a - b)).toEqual([0, 100, 200, 300]);
    expect(contacts.total).toBe(120);
    expect(Object.keys(contacts.pages).map(Number).sort()).toEqual([0, 1]);
    expect(contacts.row(119)?.id).toBe('c119');
    expect(contacts.row(200)).toBeUndefined();
    // The selection stays on a row that still exists.
    expect(contacts.selected).toBe(119);
  });

  it('keeps its place when the section comes back, and starts from the top in a new scope', async () => {
    const calls = backend(() => 250);
    let stop = contacts.start();
    await vi.waitFor(() => expect(contacts.total).toBe(250));
    contacts.ensure(100, 150);
    await vi.waitFor(() => expect(contacts.row(150)).toBeDefined());
    contacts.selected = 120;
    stop();

    // Back in the section: the same scope re-reads what was loaded, where it was.
    calls.length = 0;
    stop = contacts.start();
    await vi.waitFor(() => expect(offsets(calls)).toEqual([0, 100]));
    expect(contacts.selected).toBe(120);

    // One location's filter is another scope: the top of the list.
    scope.locations = [
      { profileId: 'north', name: 'North', locationId: 'loc-n' },
      { profileId: 'south', name: 'South', locationId: 'loc-s' },
    ];
    scope.setOnly('north');
    await vi.waitFor(() => expect(contacts.selected).toBe(0));
    stop();
    scope.locations = [];
    scope.only = [];
  });

  it('reloads (debounced) when Rust says the contacts changed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let count = 3;
    const calls = backend(() => count);
    const stop = contacts.start();
    await vi.waitFor(() => expect(contacts.total).toBe(3));
    calls.length = 0;

    count = 5;
    await emit('contacts-changed', null);
    await emit('contacts-changed', null);
    await vi.advanceTimersByTimeAsync(399);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(contacts.total).toBe(5));
    expect(calls).toHaveLength(1);
    stop();
  });

  it('keeps the count moving while a sync announces a page every 100 ms', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let count = 0;
    backend(() => count);
    const stop = contacts.start();
    await vi.waitFor(() => expect(contacts.total).toBe(0));

    const seen = new Set<number>();
    for (let page = 1; page <= 30; page += 1) {
      count = page * 100;
      await emit('contacts-changed', null);
      await vi.advanceTimersByTimeAsync(100);
      seen.add(contacts.total);
    }
    // A plain debounce would wait for a pause that never comes: the count caught up mid-stream.
    expect([...seen].filter((total) => total > 0 && total < 3000)).not.toHaveLength(0);
    stop();
  });
});

describe('search results', () => {
  it('says when a search matched more contacts than the list holds', async () => {
    const calls = backend(
      () => 40,
      (args) => (args.filter.search === 'a' ? page(args.offset, args.limit, 500, true) : undefined),
    );

    await contacts.apply({ search: 'a' });
    expect(calls.at(-1)?.filter.search).toBe('a');
    expect(contacts.total).toBe(500);
    expect(contacts.capped).toBe(true);

    await contacts.apply({ search: 'ada' });
    expect(contacts.total).toBe(40);
    expect(contacts.capped).toBe(false);
  });

  it('keeps `capped` from the first page when later pages say nothing of it', async () => {
    backend(
      () => 500,
      (args) => ({ ...page(args.offset, args.limit, 500, true), ...(args.offset === 0 ? {} : { total: null, capped: false }) }),
    );
    await contacts.apply({ search: 'a' });
    contacts.ensure(100, 150);
    await vi.waitFor(() => expect(contacts.row(120)).toBeDefined());
    expect(contacts.capped).toBe(true);
    expect(contacts.total).toBe(500);
  });
});

describe('filters and sort', () => {
  it('starts over from the top with an empty window when a filter changes', async () => {
    const calls = backend(
      () => 250,
      (args) => (args.filter.tag === 'vip' ? page(args.offset, args.limit, 7) : undefined),
    );
    await contacts.reload();
    contacts.ensure(0, 249);
    await vi.waitFor(() => expect(contacts.row(249)).toBeDefined());
    contacts.selected = 180;
    calls.length = 0;

    await contacts.apply({ tag: 'vip' });

    expect(calls).toEqual([{ filter: { ...emptyFilter(), tag: 'vip' }, sort: 'Newest', offset: 0, limit: PAGE_SIZE }]);
    expect(contacts.total).toBe(7);
    expect(Object.keys(contacts.pages)).toEqual(['0']);
    expect(contacts.selected).toBe(0);
    expect(contacts.active).toBe(true);
  });

  it('keeps the filter when the sort changes, and sends the new sort', async () => {
    const calls = backend(() => 10);
    await contacts.apply({ owner: 'user-1' });
    await contacts.apply({}, 'Name');

    expect(contacts.sort).toBe('Name');
    expect(calls.at(-1)).toEqual({ filter: { ...emptyFilter(), owner: 'user-1' }, sort: 'Name', offset: 0, limit: PAGE_SIZE });
  });

  it('clears every filter', async () => {
    const calls = backend(() => 10);
    await contacts.apply({ tag: 'vip', tasks: 'Overdue', watchedOnly: true });
    expect(contacts.active).toBe(true);

    await contacts.clear();

    expect(contacts.active).toBe(false);
    expect(calls.at(-1)?.filter).toEqual(emptyFilter());
  });

  it('ignores an answer for a filter that has since changed', async () => {
    const waiting: Deferred[] = [];
    backend(
      () => 3,
      (args) => (args.filter.search === 'slow' ? held(waiting, args) : page(args.offset, args.limit, 3)),
    );

    const slow = contacts.apply({ search: 'slow' });
    await vi.waitFor(() => expect(waiting).toHaveLength(1));
    await contacts.apply({ search: 'fast' });
    expect(contacts.total).toBe(3);

    waiting[0]!.resolve({ rows: [contactRow(99, { name: 'Stale' })], offset: 0, total: 1, capped: false });
    await slow;
    expect(contacts.total).toBe(3);
    expect(contacts.row(0)?.id).toBe('c0');
    expect(contacts.filter.search).toBe('fast');
  });

  it('remembers a saved filter and brings it back, sort included', async () => {
    const calls = backend(() => 10);
    await contacts.apply({ tag: 'vip' }, 'NextDue');
    contacts.saveCurrent('  VIPs due ');
    await contacts.clear();
    contacts.sort = 'Newest';

    expect(JSON.parse(localStorage.getItem('contact-desk.saved-filters')!)).toEqual([
      { name: 'VIPs due', filter: { ...emptyFilter(), tag: 'vip' }, sort: 'NextDue' },
    ]);
    await contacts.useSaved(contacts.saved[0]!);

    expect(calls.at(-1)).toMatchObject({ filter: { ...emptyFilter(), tag: 'vip' }, sort: 'NextDue', offset: 0 });
    contacts.forget('VIPs due');
    expect(contacts.saved).toEqual([]);
    expect(localStorage.getItem('contact-desk.saved-filters')).toBe('[]');
  });
});

describe('errors', () => {
  it('shows why the list could not be read, and clears it once a read works', async () => {
    let failing = true;
    backend(
      () => 5,
      () => {
        if (failing) throw { code: 'Storage', message: 'database is locked' } satisfies AppError;
        return undefined;
      },
    );

    await contacts.reload();
    expect(contacts.error).toBe('The local cache failed: database is locked');
    expect(contacts.loading).toBe(false);
    expect(contacts.total).toBe(0);

    failing = false;
    await contacts.reload();
    expect(contacts.error).toBeNull();
    expect(contacts.total).toBe(5);
  });

  it('keeps the rows it has when a later page fails', async () => {
    backend(
      () => 250,
      (args) => {
        if (args.offset === 100) throw { code: 'Offline', reason: 'connection refused' } satisfies AppError;
        return undefined;
      },
    );
    await contacts.reload();
    contacts.ensure(100, 150);
    await vi.waitFor(() => expect(contacts.error).toContain('You are offline (connection refused)'));
    expect(contacts.row(0)?.id).toBe('c0');
    expect(contacts.total).toBe(250);
    expect(contacts.loading).toBe(false);
  });

  it('drops an error from a filter that has since changed', async () => {
    const waiting: Deferred[] = [];
    backend(
      () => 2,
      (args) => (args.filter.search === 'old' ? held(waiting, args) : undefined),
    );
    const old = contacts.apply({ search: 'old' });
    await vi.waitFor(() => expect(waiting).toHaveLength(1));
    await contacts.apply({ search: 'new' });

    waiting[0]!.reject({ code: 'Timeout' });
    await old;
    expect(contacts.error).toBeNull();
    expect(contacts.total).toBe(2);
  });
});

describe('across locations', () => {
  const north = { profileId: 'north', name: 'North', locationId: 'loc-n' };
  const south = { profileId: 'south', name: 'South', locationId: 'loc-s' };

  /** Serves `list_located_contacts`: `count` rows by name, each page after the last one's `next`. */
  function located(count: number) {
    const calls: { after: ListPosition | null; locations: string[] }[] = [];
    mockBackend(
      {
        list_located_contacts: (args) => {
          const { after, locations, limit } = args as { after: ListPosition | null; locations: string[]; limit: number };
          calls.push({ after, locations });
          const from = after ? Number(after.name.id.slice(1)) + 1 : 0;
          const rows = Array.from({ length: Math.max(0, Math.min(limit, count - from)) }, (_, i) => ({
            ...contactRow(from + i),
            profileId: (from + i) % 2 ? 'south' : 'north',
            location: (from + i) % 2 ? 'South' : 'North',
          }));
          const last = rows.at(-1);
          const next = last ? { profileId: last.profileId, name: { sortName: last.name.toLowerCase(), id: last.id } } : null;
          return { rows, total: after ? null : count, capped: false, next };
        },
      },
      { strict: true },
    );
    return calls;
  }

  afterEach(() => {
    scope.locations = [];
    scope.chosen = false;
    scope.only = [];
  });

  it('walks the pages in order, each after the last row of the one before, and grows as it goes', async () => {
    scope.locations = [north, south];
    scope.chosen = true;
    const calls = located(250);

    await contacts.apply({}, 'Name');
    expect(calls).toEqual([{ after: null, locations: [] }]);
    expect(contacts.total).toBe(250);
    expect(contacts.span).toBe(200);
    expect(contacts.row(1)?.location).toBe('South');

    // A jump past the next page waits for it: page 2 cannot start before page 1 ends
    // (the list asks again as pages arrive).
    contacts.ensure(0, 260);
    await vi.waitFor(() => expect(contacts.row(199)).toBeDefined());
    expect(calls).toHaveLength(2);
    contacts.ensure(0, 260);
    await vi.waitFor(() => expect(contacts.row(249)).toBeDefined());
    expect(calls.map((call) => call.after?.name.id ?? null)).toEqual([null, 'c99', 'c199']);
    expect(contacts.span).toBe(250);
  });

  it('reads only the locations of the filter', async () => {
    scope.locations = [north, south];
    scope.chosen = true;
    scope.setOnly('south');
    const calls = located(3);

    await contacts.apply({});
    expect(calls).toEqual([{ after: null, locations: ['south'] }]);
  });
});
