import { beforeEach, describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { AccountForm, AgencyConnect, DEFAULT_BASE_URL, accounts, onboarding, ONBOARDING_DISMISSED_KEY } from './accounts.svelte';
import { session } from './session.svelte';
import type { AppError, ProfileView, SessionInfo } from '../bindings';
import { backend as mockBackend, profileSession, profileView, type Call } from '../testing/fixtures';

const TOKEN = 'pit-secret-0123456789abcdef';

function sessionInfo(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return profileSession({ baseUrl: DEFAULT_BASE_URL, ...overrides });
}

/** A backend whose add-account commands answer with `outcome` (a session, or an error to throw). */
function backend(outcome: SessionInfo | AppError, profiles: ProfileView[] = []): Call[] {
  const add = () => {
    if ('code' in outcome) throw outcome;
    return outcome;
  };
  return mockBackend({
    add_token_profile: add,
    start_oauth_sign_in: () => 'https://marketplace.example/oauth/chooselocation?state=s1',
    finish_oauth_sign_in: add,
    list_profiles: () => profiles,
  });
}

function filledTokenForm(): AccountForm {
  const form = new AccountForm('token');
  form.name = 'Acme Realty';
  form.environment = 'Staging';
  form.locationId = ' loc-1 ';
  form.token = TOKEN;
  form.baseUrl = 'http://127.0.0.1:4000/';
  return form;
}

beforeEach(() => {
  session.info = null;
  session.profiles = [];
});

describe('the add-account form', () => {
  it('sends what the user typed, then forgets the token once connected', async () => {
    const calls = backend(sessionInfo());
    const form = filledTokenForm();

    const info = await form.submit();

    expect(info?.name).toBe('Acme Realty');
    const add = calls.find((call) => call.cmd === 'add_token_profile');
    expect(add?.args.input).toEqual({
      name: 'Acme Realty',
      environment: 'Staging',
      baseUrl: 'http://127.0.0.1:4000',
      locationId: 'loc-1',
      token: TOKEN,
    });
    expect(form.token).toBe('');
    expect(form.problem).toBeNull();
    expect(session.info?.id).toBe('p1');
  });

  it('forgets the token after a failure but keeps everything else the user typed', async () => {
    backend({ code: 'Unauthorized', message: 'HighLevel rejected the token: it is wrong, expired or revoked (Invalid JWT)' });
    const form = filledTokenForm();

    expect(await form.submit()).toBeNull();

    expect(form.token).toBe('');
    expect(form.name).toBe('Acme Realty');
    expect(form.environment).toBe('Staging');
    expect(form.locationId).toBe(' loc-1 ');
    expect(form.baseUrl).toBe('http://127.0.0.1:4000/');
    expect(form.problem?.title).toBe('HighLevel rejected the token (401)');
    expect(form.problem?.said).toBe('Invalid JWT');
    expect(form.problem?.field).toBe('token');
    expect(form.pending).toBe(false);
  });

  it('leaves the base URL to Rust when it is HighLevel’s, and sends a custom environment label', async () => {
    const calls = backend(sessionInfo());
    const form = filledTokenForm();
    form.baseUrl = `${DEFAULT_BASE_URL}/`;
    form.environment = 'custom';
    form.customEnvironment = ' QA ';

    await form.submit();

    const input = calls.find((call) => call.cmd === 'add_token_profile')?.args.input as Record<string, unknown>;
    expect(input.baseUrl).toBeNull();
    expect(input.environment).toBe('QA');
  });

  it('sends nothing while a required field is empty, and points at it', async () => {
    const calls = backend(sessionInfo());
    const form = filledTokenForm();
    form.locationId = '  ';

    expect(await form.submit()).toBeNull();

    expect(calls.some((call) => call.cmd === 'add_token_profile')).toBe(false);
    expect(form.problem?.field).toBe('locationId');
    // Nothing was sent, so the token the user pasted is still there to send.
    expect(form.token).toBe(TOKEN);
  });

  it('refuses a base URL that is not a web address and opens Advanced to show it', async () => {
    const calls = backend(sessionInfo());
    const form = filledTokenForm();
    form.baseUrl = 'javascript:alert(1)';

    await form.submit();

    expect(calls).toHaveLength(0);
    expect(form.problem?.field).toBe('baseUrl');
    expect(form.advanced).toBe(true);
  });

  it('connects an OAuth app and forgets the client secret, whatever the outcome', async () => {
    const calls = backend({ code: 'Unauthorized', message: 'OAuth authorization failed: access_denied' });
    const form = new AccountForm('oauth');
    form.name = 'Agency';
    form.clientId = 'client-1';
    form.clientSecret = 'client-secret-xyz';
    form.authorizeUrl = 'http://127.0.0.1:4000';

    await form.submit();

    const input = (calls.find((call) => call.cmd === 'start_oauth_sign_in')?.args.input as { app: Record<string, unknown> }).app;
    expect(input).toMatchObject({ clientId: 'client-1', clientSecret: 'client-secret-xyz', authorizeUrl: 'http://127.0.0.1:4000', baseUrl: null });
    expect(form.clientSecret).toBe('');
    expect(form.clientId).toBe('client-1');
    expect(form.problem?.title).toBe('HighLevel did not authorize the app');
    expect(form.problem?.detail).toContain('access_denied');
  });

  it('shows a waiting state while the browser step runs', async () => {
    let finish: (info: SessionInfo) => void = () => undefined;
    mockIPC((cmd) => {
      if (cmd === 'start_oauth_sign_in') return 'https://marketplace.example/oauth/chooselocation?state=s1';
      if (cmd === 'finish_oauth_sign_in') return new Promise<SessionInfo>((resolve) => (finish = resolve));
      if (cmd === 'list_profiles') return [];
      return null;
    });
    const form = new AccountForm('oauth');
    form.name = 'Agency';
    form.clientId = 'client-1';
    form.clientSecret = 'secret';

    const done = form.submit();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(form.waitingForBrowser).toBe(true);
    expect(form.chooserUrl).toContain('chooselocation');
    // The secret is gone from state while the browser step runs.
    expect(form.clientSecret).toBe('');
    finish(sessionInfo({ name: 'Agency' }));
    expect((await done)?.name).toBe('Agency');
    expect(form.waitingForBrowser).toBe(false);
  });
});

describe('the OAuth paste fallback', () => {
  it('opens the chooser, then sends the pasted address and connects', async () => {
    const calls = backend(sessionInfo({ name: 'Agency' }));
    const form = new AccountForm('oauth');
    form.name = 'Agency';
    form.clientId = 'client-1';
    form.clientSecret = 'secret';
    form.pasting = true;
    form.redirectUri = 'https://example.com/callback';

    expect(await form.submit()).toBeNull();
    expect(form.awaitingPaste).toBe(true);
    expect(calls.find((call) => call.cmd === 'start_oauth_sign_in')?.args.input).toMatchObject({ app: { redirectUri: 'https://example.com/callback' } });
    expect(calls.some((call) => call.cmd === 'finish_oauth_sign_in')).toBe(false);

    form.pasted = 'https://example.com/callback?code=c&state=s1';
    expect((await form.submit())?.name).toBe('Agency');
    expect(calls.find((call) => call.cmd === 'finish_oauth_sign_in')?.args.pasted).toBe('https://example.com/callback?code=c&state=s1');
    expect(form.awaitingPaste).toBe(false);
  });
});

describe('connecting an agency', () => {
  const agency = { id: 'ag-1', name: 'Acme Agency', baseUrl: DEFAULT_BASE_URL, auth: { kind: 'PrivateTokens' as const }, addedAt: '' };
  const installed = [
    { id: 'loc-1', name: 'North' },
    { id: 'loc-2', name: 'South' },
    { id: 'loc-3', name: 'West' },
  ];

  function agencyBackend(): Call[] {
    return mockBackend({
      start_agency_sign_in: () => 'https://marketplace.example/oauth/chooselocation?state=s1',
      finish_agency_sign_in: () => agency,
      agency_locations: () => installed,
      list_agencies: () => [agency],
      list_profiles: () => [profileView('p1', {}, { locationId: 'loc-1', agency: { id: 'ag-1', name: 'Acme Agency' } })],
      add_agency_locations: () => sessionInfo(),
    });
  }

  it('pastes the redirected address into the sign-in, forgetting the secret, then offers the locations not in yet', async () => {
    const calls = agencyBackend();
    const connect = new AgencyConnect();
    connect.name = 'Acme Agency';
    connect.clientId = 'client-1';
    connect.clientSecret = 'client-secret-xyz';
    connect.pasting = true;
    connect.redirectUri = 'https://example.com/callback';

    await connect.start();
    expect(connect.step).toBe('signing-in');
    expect(connect.chooserUrl).toContain('chooselocation');
    expect(connect.clientSecret).toBe('');
    const input = calls.find((call) => call.cmd === 'start_agency_sign_in')?.args.input as Record<string, unknown>;
    expect(input).toMatchObject({ name: 'Acme Agency', app: { clientSecret: 'client-secret-xyz', redirectUri: 'https://example.com/callback' } });
    // Nothing pasted yet: asked for, and nothing sent.
    await connect.finish();
    expect(connect.problem?.field).toBe('pasted');
    expect(calls.some((call) => call.cmd === 'finish_agency_sign_in')).toBe(false);

    connect.pasted = ' https://example.com/callback?code=c&state=s1 ';
    await connect.finish();
    expect(calls.find((call) => call.cmd === 'finish_agency_sign_in')?.args.pasted).toBe('https://example.com/callback?code=c&state=s1');
    expect(connect.step).toBe('picking');
    expect(connect.included).toEqual(['loc-1']);
    connect.toggleAll();
    expect(connect.chosen).toEqual(['loc-2', 'loc-3']);
    expect(connect.allChosen).toBe(true);

    expect(await connect.add()).toBe(true);
    expect(calls.find((call) => call.cmd === 'add_agency_locations')?.args).toMatchObject({ agencyId: 'ag-1', locationIds: ['loc-2', 'loc-3'] });
  });

  it('with the loopback redirect, waits for the browser without asking for a paste', async () => {
    const calls = agencyBackend();
    const connect = new AgencyConnect();
    connect.name = 'Acme Agency';
    connect.clientId = 'client-1';
    connect.clientSecret = 'secret';

    await connect.start();
    expect(calls.find((call) => call.cmd === 'start_agency_sign_in')?.args.input).toMatchObject({ app: { redirectUri: null } });
    expect(calls.find((call) => call.cmd === 'finish_agency_sign_in')?.args.pasted).toBeNull();
    expect(connect.step).toBe('picking');
  });

  it('refuses a paste flow without a registered redirect before anything is sent', async () => {
    const calls = agencyBackend();
    const connect = new AgencyConnect();
    connect.name = 'Acme Agency';
    connect.clientId = 'client-1';
    connect.clientSecret = 'secret';
    connect.pasting = true;

    await connect.start();
    expect(connect.problem?.field).toBe('redirectUri');
    expect(calls).toEqual([]);
  });
});

describe('onboarding', () => {
  beforeEach(() => localStorage.clear());

  it('is offered only once the profiles are known to be none', async () => {
    backend(sessionInfo(), []);
    accounts.loaded = false;
    expect(onboarding.visible).toBe(false);
    await onboarding.start();
    expect(onboarding.visible).toBe(true);
  });

  it('remembers a dismissal across starts', async () => {
    backend(sessionInfo(), []);
    await onboarding.start();
    onboarding.dismiss();
    expect(localStorage.getItem(ONBOARDING_DISMISSED_KEY)).toBe('1');
    onboarding.dismissed = false;
    await onboarding.start();
    expect(onboarding.visible).toBe(false);
  });
});
