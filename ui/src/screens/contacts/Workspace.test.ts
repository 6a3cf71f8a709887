import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Workspace from './Workspace.svelte';
import type { ContactWorkspace, Note } from '../../bindings';
import { session } from '../../stores/session.svelte';
import { workspace } from '../../stores/workspace.svelte';
import { HOSTILE, backend, callsOf, contact, task, workspaceOf } from '../../testing/fixtures';

const ADA = contact('c1', { firstName: 'Ada', lastName: 'Lovelace' });
const NOTE: Note = { id: 'n1', title: HOSTILE, body: 'مرحبا: met at the fair', userId: null, dateAdded: '2025-03-01T10:00:00Z', contactId: 'c1', color: null };

/** Ada's workspace with her tasks fetched but her notes never read. */
function notesUnread(): ContactWorkspace {
  const opened = workspaceOf(ADA);
  return { ...opened, freshness: { ...opened.freshness, notesSyncedAt: null } };
}

beforeEach(() => {
  session.connectivity = { online: true, since: '2025-01-01T09:00:00Z', reason: null };
  workspace.contactId = 'c1';
  workspace.refreshing = false;
});

describe('the workspace’s notes', () => {
  it('says notes never read are not "no notes", and a refresh reads them', async () => {
    const calls = backend({ refresh_contact: () => workspaceOf(ADA, { notes: [NOTE] }) });
    workspace.data = notesUnread();
    render(Workspace);

    const notes = screen.getByTestId('notes');
    expect(notes.textContent).toContain('Notes not read yet — they load when you refresh this contact.');
    expect(notes.textContent).not.toContain('No notes.');

    await fireEvent.click(screen.getByRole('button', { name: 'Refresh from HighLevel' }));
    await waitFor(() => expect(screen.queryByTestId('notes-unread')).toBeNull());
    expect(callsOf(calls, 'refresh_contact')).toEqual([{ cmd: 'refresh_contact', args: { contactId: 'c1' } }]);
    expect(notes.querySelector('strong')?.textContent).toBe(HOSTILE);
    expect(notes.querySelector('strong')?.getAttribute('dir')).toBe('auto');
    expect(notes.querySelector('.body')?.getAttribute('dir')).toBe('auto');
    expect(notes.querySelector('script')).toBeNull();
  });

  it('says the notes are being read while the contact refreshes', () => {
    backend();
    workspace.data = notesUnread();
    workspace.refreshing = true;
    render(Workspace);
    expect(screen.getByTestId('notes-unread').textContent).toContain('Reading the notes from HighLevel…');
  });

  it('says "No notes." once they were read and there are none', () => {
    backend();
    workspace.data = workspaceOf(ADA);
    render(Workspace);
    expect(screen.getByTestId('notes').textContent).toContain('No notes.');
    expect(screen.queryByTestId('notes-unread')).toBeNull();
  });

  it('isolates the contact’s words from the text around them', () => {
    backend();
    const rtl = contact('c1', { name: 'نور الهدى', companyName: 'شركة', businessId: 'b1', tags: ['عميل'], source: 'واتساب', type: 'lead' });
    workspace.data = workspaceOf(rtl, { tasks: [task('t1', { title: 'اتصل' })] });
    render(Workspace);
    const isolated = (text: string) => {
      const element = screen.getAllByText(text)[0]!;
      return element.tagName === 'BDI' || element.getAttribute('dir') === 'auto';
    };
    for (const text of ['نور الهدى', 'شركة', 'عميل', 'واتساب', 'اتصل']) expect(isolated(text), text).toBe(true);
  });
});
