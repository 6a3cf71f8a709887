import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import Duplicates from './Duplicates.svelte';
import ContactForm from './contacts/ContactForm.svelte';
import type { DuplicateCandidate, JobSummary, LikelyPairs, MergeChoices, MergePlan } from '../bindings';
import { navigation } from '../lib/navigation.svelte';
import { duplicates } from '../stores/duplicates.svelte';
import { HOSTILE, backend, callsOf, contact, jobSummary, type Handler } from '../testing/fixtures';

function side(id: string, name: string, patch: Partial<DuplicateCandidate> = {}): DuplicateCandidate {
  return { id, name, email: null, phone: null, businessId: 'b1', ...patch };
}

const ADA = side('c1', 'Ada Lovelace', { email: 'ada@x.example' });
const TWIN = side('c2', HOSTILE, { phone: '+14155550134' });

const PAIRS: LikelyPairs = {
  pairs: [{ first: ADA, second: TWIN, reasons: ['SamePhone', 'SimilarName'] }],
  total: 1,
};

/** The plan Rust answers for `choices`: Ada's first name from the twin when chosen. */
function planFor(choices: MergeChoices): MergePlan {
  const takesName = choices.fromOther.includes('FirstName');
  return {
    survivor: contact(choices.survivorId, { firstName: 'Ada' }),
    other: contact(choices.otherId, { firstName: 'Augusta' }),
    survivorName: choices.survivorId === 'c1' ? 'Ada Lovelace' : HOSTILE,
    otherName: choices.survivorId === 'c1' ? HOSTILE : 'Ada Lovelace',
    fields: [{ field: 'FirstName', survivor: 'Ada', other: 'Augusta' }],
    customFields: [],
    steps: [
      ...(takesName
        ? [{ write: 'updateContact' as const, contactId: choices.survivorId, fields: { firstName: 'Augusta' } as never }]
        : []),
      {
        write: 'createTask',
        contactId: choices.survivorId,
        task: { title: 'Call back', body: null, dueDate: '2030-01-01T09:00:00Z', completed: false, assignedTo: null },
      },
      { write: 'createNote', contactId: choices.survivorId, note: { body: 'Met at the fair', title: null, userId: null, color: null, pinned: null } },
      { write: 'deleteContact', contactId: choices.otherId },
    ],
  };
}

/** The merge job as the worker reports it. */
function job(patch: Partial<JobSummary> = {}): JobSummary {
  return jobSummary({ id: 7, kind: 'Merge', title: 'Merge twin into Ada Lovelace', items: { pending: 3, sending: 0, done: 0, failed: 0, skipped: 0 }, ...patch });
}

function duplicatesBackend(extra: Record<string, Handler> = {}) {
  let dismissed = false;
  return backend(
    {
      likely_duplicates: () => (dismissed ? { pairs: [], total: 0 } : PAIRS),
      dismiss_duplicate: () => {
        dismissed = true;
        return null;
      },
      plan_merge: ({ choices }) => planFor(choices as MergeChoices),
      run_merge: () => job(),
      refresh_contact: () => null,
      ...extra,
    },
    { strict: true, delayed: true, events: true },
  );
}

beforeEach(() => {
  duplicates.job = null;
});

afterEach(cleanup);

describe('Duplicates', () => {
  it('lists each pair with its reasons, names as text, and forgets a dismissed one', async () => {
    const calls = duplicatesBackend();
    render(Duplicates);

    const pair = await screen.findByTestId('duplicate-pair');
    expect(within(pair).getByText(HOSTILE).tagName).toBe('BDI');
    expect(pair.textContent).toContain('Same phone');
    expect(pair.textContent).toContain('Close name, same business');
    expect(screen.getByTestId('duplicate-count').textContent).toContain('1 pair');

    await fireEvent.click(within(pair).getByRole('button', { name: 'Not a duplicate' }));

    await screen.findByText('No likely duplicates among the synced contacts.');
    expect(callsOf(calls, 'dismiss_duplicate')[0]!.args).toEqual({ firstId: 'c1', secondId: 'c2' });
  });

  it('previews the merge, replans as values are picked, and runs it as a job until done', async () => {
    const calls = duplicatesBackend();
    render(Duplicates);
    await fireEvent.click(await screen.findByTestId('merge-pair'));

    const preview = await screen.findByTestId('merge-preview');
    await waitFor(() => expect(preview.textContent).toContain('Delete'));
    expect(preview.textContent).toContain('Add task to Ada Lovelace');
    expect(preview.textContent).toContain('Met at the fair');
    expect(callsOf(calls, 'plan_merge')[0]!.args).toMatchObject({ fresh: true, choices: { survivorId: 'c1', otherId: 'c2', fromOther: [] } });

    await fireEvent.click(screen.getByRole('radio', { name: 'Augusta' }));
    await waitFor(() => expect(preview.textContent).toContain('Update Ada Lovelace'));
    expect(callsOf(calls, 'plan_merge').at(-1)!.args).toMatchObject({ fresh: false, choices: { fromOther: ['FirstName'] } });

    await fireEvent.click(screen.getByTestId('merge-confirm'));
    await waitFor(() => expect(callsOf(calls, 'run_merge')).toHaveLength(1));
    expect(callsOf(calls, 'run_merge')[0]!.args).toMatchObject({ choices: { survivorId: 'c1', fromOther: ['FirstName'] } });
    await screen.findByText(/of 4 requests sent/);

    await emit('job-changed', job({ state: 'Done', items: { pending: 0, sending: 0, done: 4, failed: 0, skipped: 0 } }));

    await waitFor(() => expect(screen.queryByTestId('merge-preview')).toBeNull());
    await waitFor(() => expect(callsOf(calls, 'refresh_contact')[0]!.args).toEqual({ contactId: 'c1' }));
  });

  it("takes the other's value where the kept contact has none, and leaves the rest to the user", async () => {
    const calls = duplicatesBackend({
      plan_merge: ({ choices }) => ({
        ...planFor(choices as MergeChoices),
        fields: [
          { field: 'FirstName', survivor: 'Ada', other: 'Augusta' },
          { field: 'Email', survivor: null, other: 'augusta@x.example' },
        ],
      }),
    });
    render(Duplicates);
    await fireEvent.click(await screen.findByTestId('merge-pair'));

    await waitFor(() => expect(callsOf(calls, 'plan_merge').at(-1)!.args).toMatchObject({ choices: { fromOther: ['Email'] } }));
    expect((screen.getByRole('radio', { name: 'augusta@x.example' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: 'Ada' }) as HTMLInputElement).checked).toBe(true);
  });

  it('keeps the dialog open with the reason when the merge cannot start', async () => {
    duplicatesBackend({
      run_merge: () => {
        throw { kind: 'Offline', reason: 'no connection' };
      },
    });
    render(Duplicates);
    await fireEvent.click(await screen.findByTestId('merge-pair'));
    await screen.findByText(/Add task to/);

    await fireEvent.click(screen.getByTestId('merge-confirm'));

    await screen.findByRole('alert');
    expect(screen.getByTestId('merge-preview')).toBeTruthy();
  });
});

describe('A new contact', () => {
  const EXISTING = side('c9', 'Grace Hopper', { email: 'grace@navy.example' });

  async function fillAndSave() {
    await fireEvent.input(screen.getByTestId('contact-first-name'), { target: { value: 'Grace' } });
    await fireEvent.input(screen.getByTestId('contact-email'), { target: { value: 'grace@navy.example' } });
    await fireEvent.click(screen.getByTestId('contact-save'));
  }

  it('is offered the contact HighLevel already has, keeps what was typed, and is created anyway on request', async () => {
    const created: unknown[] = [];
    const calls = backend({ check_new_contact: () => ({ existing: EXISTING, checked: true }) }, { strict: true, delayed: true });
    render(ContactForm, {
      onsave: async (fields) => {
        created.push(fields);
        return null;
      },
      onclose: () => {},
    });

    await fillAndSave();

    const offered = await screen.findByTestId('existing-contact');
    expect(offered.textContent).toContain('Grace Hopper');
    expect(created).toHaveLength(0);
    expect((screen.getByTestId('contact-email') as HTMLInputElement).value).toBe('grace@navy.example');
    expect(callsOf(calls, 'check_new_contact')[0]!.args).toMatchObject({ fields: { email: 'grace@navy.example' } });

    await fireEvent.click(screen.getByTestId('create-anyway'));

    await waitFor(() => expect(created).toHaveLength(1));
    expect(callsOf(calls, 'check_new_contact')).toHaveLength(1);
  });

  it('opens the existing contact instead', async () => {
    backend({ check_new_contact: () => ({ existing: EXISTING, checked: true }) }, { strict: true, delayed: true });
    let closed = false;
    render(ContactForm, { onsave: async () => null, onclose: () => (closed = true) });

    await fillAndSave();
    await fireEvent.click(await screen.findByTestId('open-existing'));

    expect(closed).toBe(true);
    expect(navigation.contactId).toBe('c9');
  });

  it('offline, says it did not check and creates the contact', async () => {
    backend({ check_new_contact: () => ({ existing: null, checked: false }) }, { strict: true, delayed: true });
    const created: unknown[] = [];
    render(ContactForm, {
      onsave: async (fields) => {
        created.push(fields);
        return 'You are offline, so nothing was sent.';
      },
      onclose: () => {},
    });

    await fillAndSave();

    await screen.findByText(/Offline: not checked for an existing contact/);
    expect(created).toHaveLength(1);
  });
});
