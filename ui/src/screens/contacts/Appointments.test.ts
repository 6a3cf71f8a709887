import { beforeEach, describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import Appointments from './Appointments.svelte';
import type { Appointment } from '../../bindings';
import { names } from '../../stores/names.svelte';

function appointment(id: string, appointmentStatus: string, assignedUserId: string): Appointment {
  return {
    id,
    calendarId: null,
    title: 'Discovery call',
    status: null,
    appointmentStatus,
    assignedUserId,
    notes: null,
    startTime: '2020-01-02T10:00:00',
    address: null,
    locationId: null,
    contactId: 'c1',
    groupId: null,
  };
}

beforeEach(() => {
  names.value = { names: { users: [{ id: 'u1', name: 'ليلى حداد', email: null }], customFields: [] }, hints: [] };
});

describe('appointments', () => {
  it('say their status as a word and name their host', () => {
    render(Appointments, { appointments: [appointment('a1', 'noshow', 'u1'), appointment('a2', 'confirmed', 'u9')] });
    expect(screen.getByText('No-show')).toBeTruthy();
    expect(screen.getByText('Confirmed')).toBeTruthy();
    expect(screen.queryByText('noshow')).toBeNull();
    // Past appointments list newest first: a2, then a1.
    const hosts = screen.getAllByTestId('appointment-host');
    expect(hosts.map((host) => host.textContent)).toEqual(['Host: u9', 'Host: ليلى حداد']);
    expect(hosts[1]!.querySelector('bdi')?.textContent).toBe('ليلى حداد');
  });
});
