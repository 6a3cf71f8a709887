import { beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import Details from './Details.svelte';
import type { NamesView } from '../../bindings';
import { names } from '../../stores/names.svelte';
import { HOSTILE, backend, callsOf, contact } from '../../testing/fixtures';

const NAMED: NamesView = {
  names: {
    users: [{ id: 'u1', name: 'ليلى حداد', email: null }],
    customFields: [
      { id: 'f1', name: 'Lifetime value', fieldKey: 'contact.lifetime_value', dataType: 'MONETORY', options: [] },
      { id: 'f2', name: HOSTILE, fieldKey: null, dataType: 'SINGLE_OPTIONS', options: [{ key: 'am', label: 'Morning' }] },
    ],
  },
  hints: [],
};

const ADA = contact('c1', {
  firstName: 'Ada',
  assignedTo: 'u1',
  type: 'customer',
  customFields: [
    { id: 'f9', value: 'kept' },
    { id: 'f1', value: 2500 },
    { id: 'f2', value: 'am' },
  ],
});

beforeEach(() => {
  names.value = null;
});

describe('a contact’s details', () => {
  it('name the owner and the custom fields, format values by type and say statuses as words', async () => {
    const calls = backend({ get_names: () => NAMED });
    render(Details, { contact: ADA });
    await waitFor(() => expect(screen.getByTestId('owner').textContent?.trim()).toBe('ليلى حداد'));
    expect(callsOf(calls, 'get_names')).toHaveLength(1);
    expect(screen.getByTestId('owner').querySelector('bdi')).toBeTruthy();
    const fields = screen.getByTestId('custom-fields');
    const terms = [...fields.querySelectorAll('dt')].map((term) => term.textContent?.trim());
    const values = [...fields.querySelectorAll('dd')].map((value) => value.textContent?.trim());
    // Named fields by name, the unnamed one by id after them.
    expect(terms).toEqual([HOSTILE, 'Lifetime value', 'f9']);
    expect(values).toEqual(['Morning', '2,500.00', 'kept']);
    expect(fields.querySelector('script')).toBeNull();
    expect(screen.getByText('Customer')).toBeTruthy();
  });

  it('keeps ids, with a quiet hint naming the scope, when the token may not read the lists', async () => {
    backend({
      get_names: (): NamesView => ({
        names: { users: [], customFields: [] },
        hints: [
          { list: 'Users', missingScope: 'users.readonly', reason: 'The token lacks the users.readonly scope.' },
          { list: 'CustomFields', missingScope: 'locations/customFields.readonly', reason: '' },
        ],
      }),
    });
    render(Details, { contact: ADA });
    await waitFor(() => expect(screen.getByText('Owner names need the users.readonly scope')).toBeTruthy());
    expect(screen.getByTestId('owner').textContent).toContain('u1');
    expect(screen.getByText('Custom field names need the locations/customFields.readonly scope')).toBeTruthy();
    expect(screen.getByTestId('custom-fields').querySelector('dt')?.textContent).toBe('f1');
  });
});
