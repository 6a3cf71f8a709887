import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Accounts from './Accounts.svelte';
import Settings from '../Settings.svelte';
import { accounts } from '../../stores/accounts.svelte';
import { session } from '../../stores/session.svelte';
import { navigation } from '../../lib/navigation.svelte';
import type { AppError, ConnectionReport, ProfileView, SessionInfo } from '../../bindings';
import { backend as mockBackend, idleSyncStatus, profileSession, profileView, type Handler } from '../../testing/fixtures';

const NEW_TOKEN = 'pit-new-token-9f8e7d6c5b4a';

const PROFILES: ProfileView[] = [
  profileView('acme', { active: true }, { name: 'Acme Realty', writeAccess: { access: 'Granted' } }),
  profileView('old', { tokenAgeDays: 97, needsRotation: true }, { name: 'Old Token Co', environment: 'Staging', writeAccess: { access: 'Missing', reason: 'the token lacks contacts.write' } }),
  profileView(
    'oauth',
    { tokenHint: null, tokenAgeDays: 3 },
    {
      name: 'Agency App',
      auth: { kind: 'OAuth', clientId: 'client-1', authorizeUrl: 'https://marketplace.leadconnectorhq.com' },
      status: { state: 'ReconnectRequired', reason: 'the refresh token was revoked' },
    },
  ),
];

function info(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return profileSession({ id: 'acme', locationId: 'loc-acme', writeAccess: { access: 'Granted' }, ...overrides });
}

/** Records every command; `overrides` answers some of them (throw an AppError to fail). */
function backend(overrides: Record<string, Handler> = {}) {
  return mockBackend({ list_profiles: () => PROFILES, get_session: () => info(), get_sync_status: idleSyncStatus, ...overrides });
}

function row(name: string): HTMLElement {
  const rows = screen.getAllByTestId('account-row');
  const found = rows.find((element) => element.textContent?.includes(name));
  if (!found) throw new Error(`no row for ${name}`);
  return found;
}

beforeEach(() => {
  session.info = info();
  session.profiles = [];
  accounts.tests = {};
  accounts.busy = {};
  accounts.adding = null;
  accounts.rotating = null;
});

describe('Settings › Accounts', () => {
  it('lists each profile with what the user needs to know about it', async () => {
    backend();
    render(Accounts);
    await screen.findByText('Acme Realty');

    const acme = row('Acme Realty');
    expect(within(acme).getByTestId('active-mark').textContent).toBe('Active');
    expect(acme.textContent).toContain('loc-acme');
    expect(acme.textContent).toContain('Private Integration Token');
    expect(within(acme).getByTestId('token-hint').textContent).toBe('••••a1b2');
    expect(acme.textContent).toContain('Connected');
    expect(acme.textContent).toContain('Can write');

    const old = row('Old Token Co');
    expect(within(old).queryByTestId('active-mark')).toBeNull();
    expect(old.textContent).toContain('Staging');
    expect(old.textContent).toContain('Read-only');
    expect(old.textContent).toContain('the token lacks contacts.write');

    const oauth = row('Agency App');
    expect(oauth.textContent).toContain('OAuth app');
    expect(oauth.textContent).toContain('Reconnect required');
    expect(oauth.textContent).toContain('the refresh token was revoked');
    expect(within(oauth).getByRole('button', { name: 'Reconnect' })).toBeTruthy();
    expect(within(oauth).queryByRole('button', { name: 'Rotate token' })).toBeNull();

    expect(screen.getByTestId('demo-row').textContent).toContain('Demo workspace');
  });

  it('reminds to rotate only the tokens that are due', async () => {
    backend();
    render(Accounts);
    await screen.findByText('Acme Realty');

    const reminders = screen.getAllByTestId('rotation-reminder');
    expect(reminders).toHaveLength(1);
    expect(row('Old Token Co').contains(reminders[0]!)).toBe(true);
    expect(reminders[0]!.textContent).toContain('97 days old');
  });

  it('asks before removing, says what goes, and removes only on confirmation', async () => {
    const calls = backend({ remove_profile: () => info() });
    render(Accounts);
    await screen.findByText('Acme Realty');

    await fireEvent.click(screen.getByRole('button', { name: 'Remove Old Token Co' }));
    const confirmation = await screen.findByTestId('remove-confirmation');
    expect(confirmation.textContent).toContain('system keychain');
    expect(confirmation.textContent).toContain('cached contacts');
    expect(calls.some((call) => call.cmd === 'remove_profile')).toBe(false);

    await fireEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    await waitFor(() => expect(screen.queryByTestId('remove-confirmation')).toBeNull());
    expect(calls.some((call) => call.cmd === 'remove_profile')).toBe(false);

    await fireEvent.click(screen.getByRole('button', { name: 'Remove Old Token Co' }));
    await fireEvent.click(await screen.findByTestId('confirm-remove'));
    await waitFor(() => expect(calls.filter((call) => call.cmd === 'remove_profile')).toHaveLength(1));
    expect(calls.find((call) => call.cmd === 'remove_profile')?.args.profileId).toBe('old');
    await waitFor(() => expect(screen.queryByTestId('remove-confirmation')).toBeNull());
  });

  it('shows what a connection test found', async () => {
    const report: ConnectionReport = {
      profileId: 'acme',
      ok: true,
      error: null,
      contactTotal: 1234,
      writeAccess: { access: 'Granted' },
      status: { state: 'Connected' },
    };
    backend({ test_profile: () => report });
    render(Accounts);
    await screen.findByText('Acme Realty');

    await fireEvent.click(within(row('Acme Realty')).getByRole('button', { name: 'Test connection' }));
    const result = await within(row('Acme Realty')).findByTestId('test-result');
    expect(result.textContent).toContain('Connection OK');
    expect(result.textContent).toContain('1,234 contacts');
    expect(result.textContent).toContain('write access granted');
  });

  it('shows a failed test in words that say what to fix', async () => {
    const error: AppError = { code: 'Forbidden', message: 'no access', missingScope: null };
    backend({ test_profile: () => ({ profileId: 'old', ok: false, error, contactTotal: null, writeAccess: { access: 'Unknown' }, status: { state: 'Connected' } }) });
    render(Accounts);
    await screen.findByText('Old Token Co');

    await fireEvent.click(within(row('Old Token Co')).getByRole('button', { name: 'Test connection' }));
    const result = await within(row('Old Token Co')).findByTestId('test-result');
    expect(result.textContent).toContain('no access to location');
  });

  it('keeps the rotate dialog open on a rejected token, with the field emptied', async () => {
    let attempts = 0;
    const calls = backend({
      rotate_token: () => {
        attempts += 1;
        if (attempts === 1) throw { code: 'Unauthorized', message: 'HighLevel rejected the token: it is wrong, expired or revoked (Invalid JWT)' };
        return null;
      },
    });
    render(Accounts);
    await screen.findByText('Old Token Co');

    await fireEvent.click(within(row('Old Token Co')).getByRole('button', { name: 'Rotate token' }));
    const dialog = await screen.findByTestId('rotate-token');
    const input = within(dialog).getByLabelText('New Private Integration Token') as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(input.autocomplete).toBe('off');
    await fireEvent.input(input, { target: { value: 'pit-wrong' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Check and rotate' }));

    expect((await within(dialog).findByRole('alert')).textContent).toContain('rejected the token');
    expect(input.value).toBe('');
    expect(screen.getByTestId('rotate-token')).toBeTruthy();

    await fireEvent.input(input, { target: { value: NEW_TOKEN } });
    await fireEvent.click(screen.getByRole('button', { name: 'Check and rotate' }));
    await waitFor(() => expect(screen.queryByTestId('rotate-token')).toBeNull());
    const sent = calls.filter((call) => call.cmd === 'rotate_token').map((call) => call.args);
    expect(sent).toEqual([
      { profileId: 'old', token: 'pit-wrong' },
      { profileId: 'old', token: NEW_TOKEN },
    ]);
    expect(document.documentElement.outerHTML).not.toContain(NEW_TOKEN);
  });

  it('switches to another profile and to the demo', async () => {
    const calls = backend({ switch_profile: () => info({ id: 'old' }), open_demo: () => info({ kind: 'Demo', id: 'demo' }) });
    render(Accounts);
    await screen.findByText('Old Token Co');

    expect(within(row('Acme Realty')).queryByRole('button', { name: 'Switch' })).toBeNull();
    await fireEvent.click(within(row('Old Token Co')).getByRole('button', { name: 'Switch' }));
    await waitFor(() => expect(calls.find((call) => call.cmd === 'switch_profile')?.args.profileId).toBe('old'));
    await waitFor(() => expect(session.switching).toBe(false));

    await fireEvent.click(within(screen.getByTestId('demo-row')).getByRole('button', { name: 'Open demo' }));
    await waitFor(() => expect(calls.some((call) => call.cmd === 'open_demo')).toBe(true));
  });

  it('adds an account: a failure keeps the typed fields and empties the token field', async () => {
    const calls = backend({
      add_token_profile: () => {
        throw { code: 'Forbidden', message: 'no access', missingScope: null };
      },
    });
    render(Accounts);
    await screen.findByText('Acme Realty');

    await fireEvent.click(screen.getByTestId('add-account-button'));
    const dialog = await screen.findByTestId('add-account');
    const name = within(dialog).getByLabelText('Account name') as HTMLInputElement;
    const location = within(dialog).getByLabelText('Location id') as HTMLInputElement;
    const token = within(dialog).getByLabelText('Private Integration Token', { selector: 'input' }) as HTMLInputElement;
    expect(token.type).toBe('password');
    await fireEvent.input(name, { target: { value: 'Second' } });
    await fireEvent.input(location, { target: { value: 'loc-typo' } });
    await fireEvent.input(token, { target: { value: NEW_TOKEN } });
    await fireEvent.click(screen.getByTestId('add-account-submit'));

    const problem = await within(dialog).findByTestId('form-problem');
    expect(problem.textContent).toContain('no access to location loc-typo (403)');
    expect(token.value).toBe('');
    expect(name.value).toBe('Second');
    expect(location.value).toBe('loc-typo');
    expect(location.getAttribute('aria-invalid')).toBe('true');
    expect(calls.find((call) => call.cmd === 'add_token_profile')?.args.input).toMatchObject({ token: NEW_TOKEN, locationId: 'loc-typo' });
    expect(document.documentElement.outerHTML).not.toContain(NEW_TOKEN);
  });

  it('explains the OAuth browser step and the redirect URL to register', async () => {
    backend();
    render(Accounts);
    await screen.findByText('Acme Realty');

    await fireEvent.click(screen.getByTestId('add-account-button'));
    await fireEvent.click(await screen.findByRole('tab', { name: /OAuth app/ }));
    expect(screen.getByTestId('redirect-url').textContent).toBe('http://127.0.0.1:47615/callback');
    expect((screen.getByLabelText('Client secret') as HTMLInputElement).type).toBe('password');
    expect((screen.getByLabelText('Authorize URL') as HTMLInputElement).value).toBe('https://marketplace.leadconnectorhq.com');
  });
});

describe('Settings', () => {
  it('warns prominently when the keychain keeps the credentials locked away', async () => {
    backend({ get_session: () => info({ credentialsProblem: { code: 'KeychainUnavailable', reason: 'the collection is locked' } }) });
    session.info = info({ credentialsProblem: { code: 'KeychainUnavailable', reason: 'the collection is locked' } });
    navigation.settingsTab = 'accounts';
    render(Settings);

    const banner = await screen.findByTestId('credentials-banner');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain('keychain is locked');
    expect(banner.textContent).toContain('Unlock');
    expect(banner.textContent).toContain('the collection is locked');
  });

  it('has no banner when the credentials load', async () => {
    backend();
    navigation.settingsTab = 'accounts';
    render(Settings);
    await screen.findByText('Acme Realty');
    expect(screen.queryByTestId('credentials-banner')).toBeNull();
  });

  it('moves between tabs with the arrow keys', async () => {
    backend({ get_diagnostics: () => null });
    navigation.settingsTab = 'accounts';
    render(Settings);
    const accountsTab = screen.getByRole('tab', { name: 'Accounts' });
    expect(accountsTab.getAttribute('aria-selected')).toBe('true');

    await fireEvent.keyDown(accountsTab, { key: 'ArrowRight' });
    expect(navigation.settingsTab).toBe('sync');
    expect(screen.getByRole('tab', { name: 'Sync' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Sync' }));
    await fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(navigation.settingsTab).toBe('about');
  });
});
