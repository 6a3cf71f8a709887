import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import Contacts from '../Contacts.svelte';
import type { BulkAction, JobSummary, Preview } from '../../bindings';
import { navigation } from '../../lib/navigation.svelte';
import { jobs } from '../../stores/jobs.svelte';
import { selection } from '../../stores/selection.svelte';
import { backend, callsOf, contactRow, resetContactList, type Handler } from '../../testing/fixtures';

const ROWS = [
  contactRow('c1', 'Ada Lovelace', { tags: ['vip'] }),
  contactRow('c2', 'Grace Hopper'),
  contactRow('c3', 'Alan Turing'),
  contactRow('c4', 'مريم الأسطرلابي'),
];

function job(patch: Partial<JobSummary> = {}): JobSummary {
  return {
    id: 1,
    kind: 'AddTags',
    title: 'Add tags: new',
    state: 'Running',
    items: { pending: 1, sending: 0, done: 0, failed: 0, skipped: 0 },
    undoOf: null,
    createdAt: '2026-11-29T10:00:00Z',
    finishedAt: null,
    ...patch,
  };
}

/** The list from ROWS, and the bulk commands answering as Rust would. */
function bulkBackend(extra: Record<string, Handler> = {}) {
  return backend(
    {
      list_contacts: ({ offset }) => ({ rows: ROWS, offset, total: offset === 0 ? ROWS.length : null, capped: false }),
      contact_facets: () => ({ tags: [], owners: [] }),
      list_jobs: () => [],
      matching_contact_ids: () => ROWS.map((row) => row.id),
      preview_bulk: ({ ids, action }) => {
        const tags = (action as Extract<BulkAction, { action: 'AddTags' }>).tags;
        const selected = ROWS.filter((row) => (ids as string[]).includes(row.id));
        const changing = selected.filter((row) => !tags.every((tag) => row.tags.includes(tag)));
        const preview: Preview = {
          selected: selected.length,
          changing: changing.length,
          unchanged: selected.length - changing.length,
          requests: 1,
          sample: changing.map((row) => ({ contactId: row.id, name: row.name, before: row.tags.join(', '), after: [...row.tags, ...tags].join(', ') })),
        };
        return preview;
      },
      start_bulk: () => job(),
      ...extra,
    },
    { strict: true, delayed: true, events: true },
  );
}

const list = () => screen.getByTestId('contact-list');
const rowFor = (id: string) => list().querySelector<HTMLElement>(`[data-contact-id="${id}"]`)!;
const pick = (id: string) => within(rowFor(id)).getByTestId('pick');
const count = () => screen.getByTestId('selection-count').textContent?.trim();

beforeEach(() => {
  navigation.current = 'contacts';
  navigation.contactId = null;
  resetContactList();
  selection.clear();
  jobs.list = [];
  jobs.outcomes = {};
});

afterEach(async () => {
  cleanup();
  await new Promise((resolve) => setTimeout(resolve, 20));
});

describe('selecting contacts', () => {
  it('toggles with a click, ranges with shift-click, and clears with Escape', async () => {
    bulkBackend();
    render(Contacts);
    await waitFor(() => expect(rowFor('c1')).toBeTruthy());
    expect(count()).toBe('None selected');

    await fireEvent.click(pick('c1'));
    expect(rowFor('c1').getAttribute('aria-checked')).toBe('true');
    await fireEvent.click(pick('c3'), { shiftKey: true });
    await waitFor(() => expect(count()).toBe('3 selected'));
    expect(['c1', 'c2', 'c3'].map((id) => rowFor(id).getAttribute('aria-checked'))).toEqual(['true', 'true', 'true']);
    expect(rowFor('c4').getAttribute('aria-checked')).toBe('false');
    // A checkbox click selects; it does not open the contact.
    expect(navigation.contactId).toBeNull();

    await fireEvent.click(pick('c2'));
    expect(count()).toBe('2 selected');
    await fireEvent.keyDown(list(), { key: 'Escape' });
    expect(count()).toBe('None selected');
  });

  it('selects everyone matching the filter from the cache, and Space toggles the current row', async () => {
    const calls = bulkBackend();
    render(Contacts);
    await waitFor(() => expect(rowFor('c1')).toBeTruthy());
    await fireEvent.click(screen.getByTestId('select-all'));
    await waitFor(() => expect(count()).toBe('4 selected'));
    expect(callsOf(calls, 'matching_contact_ids')).toHaveLength(1);
    await fireEvent.keyDown(list(), { key: ' ' });
    expect(count()).toBe('3 selected');
    expect(rowFor('c1').getAttribute('aria-checked')).toBe('false');
  });
});

describe('a bulk action', () => {
  it('previews what changes before anything is sent, then starts the job', async () => {
    const calls = bulkBackend();
    render(Contacts);
    await waitFor(() => expect(rowFor('c1')).toBeTruthy());
    await fireEvent.click(pick('c1'));
    await fireEvent.click(pick('c2'), { shiftKey: true });
    await waitFor(() => expect(count()).toBe('2 selected'));
    await fireEvent.click(screen.getByTestId('bulk-AddTags'));

    const tags = (await screen.findByTestId('bulk-tags')) as HTMLInputElement;
    await fireEvent.input(tags, { target: { value: 'vip' } });
    await fireEvent.click(screen.getByTestId('bulk-preview-button'));
    const preview = await screen.findByTestId('bulk-preview');
    expect(preview.textContent).toMatch(/1\s*will change,\s*1\s*already has it and is left alone/);
    expect(within(preview).getByText('Grace Hopper')).toBeTruthy();
    expect(callsOf(calls, 'start_bulk')).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('bulk-run'));
    await waitFor(() => expect(screen.queryByTestId('bulk-preview')).toBeNull());
    expect(callsOf(calls, 'start_bulk')[0]?.args).toEqual({ ids: ['c1', 'c2'], action: { action: 'AddTags', tags: ['vip'] } });
    expect(count()).toBe('None selected');
    const shown = await screen.findByTestId('job');
    expect(within(shown).getByTestId('job-progress').textContent).toMatch(/0 of 1 request$/);
  });

  it('keeps what was typed when the job is refused', async () => {
    bulkBackend({
      start_bulk: () => {
        throw { kind: 'Validation', messages: ['Nothing to change: every selected contact is already so.'] };
      },
    });
    render(Contacts);
    await waitFor(() => expect(rowFor('c1')).toBeTruthy());
    await fireEvent.click(pick('c2'));
    await fireEvent.click(screen.getByTestId('bulk-AddTags'));
    const tags = (await screen.findByTestId('bulk-tags')) as HTMLInputElement;
    await fireEvent.input(tags, { target: { value: 'vip' } });
    await fireEvent.click(screen.getByTestId('bulk-preview-button'));
    await fireEvent.click(await screen.findByTestId('bulk-run'));
    expect((await screen.findByTestId('bulk-error')).textContent).toContain('Nothing to change');
    expect(tags.value).toBe('vip');
    expect(count()).toBe('1 selected');
  });

  it('deletes only once the count is typed out', async () => {
    bulkBackend({
      preview_bulk: ({ ids }) => ({ selected: (ids as string[]).length, changing: (ids as string[]).length, unchanged: 0, requests: 2, sample: [] }),
    });
    render(Contacts);
    await waitFor(() => expect(rowFor('c1')).toBeTruthy());
    await fireEvent.click(pick('c1'));
    await fireEvent.click(pick('c2'));
    await fireEvent.click(screen.getByTestId('bulk-Delete'));
    await fireEvent.click(await screen.findByTestId('bulk-preview-button'));
    const run = (await screen.findByTestId('bulk-run')) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('bulk-confirm'), { target: { value: 'delete 3' } });
    expect(run.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('bulk-confirm'), { target: { value: 'Delete 2' } });
    expect(run.disabled).toBe(false);
  });
});

describe('exporting the selection', () => {
  it('sends the selected ids, in the order they were picked, to the CSV export', async () => {
    const calls = bulkBackend({ export_selection_csv: () => '/tmp/contacts.csv' });
    render(Contacts);
    await waitFor(() => expect(rowFor('c1')).toBeTruthy());
    await fireEvent.click(pick('c4'));
    await fireEvent.click(pick('c2'));
    await fireEvent.click(screen.getByTestId('bulk-csv'));
    await waitFor(() => expect(callsOf(calls, 'export_selection_csv')).toHaveLength(1));
    expect(callsOf(calls, 'export_selection_csv')[0]?.args).toEqual({ ids: ['c4', 'c2'], options: {} });
  });
});

describe('the jobs list', () => {
  it('follows progress events and offers undo once a tag job is done', async () => {
    bulkBackend({ list_jobs: () => [job()] });
    render(Contacts);
    const shown = await screen.findByTestId('job');
    expect(within(shown).getByTestId('job-cancel')).toBeTruthy();
    await emit('job-changed', job({ state: 'Done', items: { pending: 0, sending: 0, done: 1, failed: 0, skipped: 0 }, finishedAt: '2026-11-29T10:01:00Z' }));
    await waitFor(() => expect(within(screen.getByTestId('job')).getByTestId('job-undo')).toBeTruthy());
    expect(within(screen.getByTestId('job')).queryByTestId('job-cancel')).toBeNull();
  });
});
