/**
 * Accounts: the profiles, what the user can do with each, and the add-account form.
 *
 * Secrets only travel one way: a token or client secret the user pasted goes to Rust in
 * one call and is dropped from state right after, whatever the outcome. Nothing here ever
 * reads one back; the most the UI learns is `ProfileView.tokenHint`.
 */
import {
  DEFAULT_AUTHORIZE_URL,
  DEFAULT_BASE_URL,
  OAUTH_REDIRECT_URL,
  type Agency,
  type ConnectionReport,
  type OAuthAppInput,
  type ProfileView,
  type SessionInfo,
} from '../bindings';
import { explain, type Field, type Problem, type Situation } from '../lib/errors';
import { ipc, messageOf } from '../lib/ipc';
import { plural } from '../lib/format';
import { session } from './session.svelte';
import { toasts } from './toasts.svelte';

export { DEFAULT_AUTHORIZE_URL, DEFAULT_BASE_URL, OAUTH_REDIRECT_URL };
export const ENVIRONMENTS = ['Production', 'Staging', 'Development'] as const;
export const CUSTOM_ENVIRONMENT = 'custom';

function httpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The value to send for an optional URL: `null` lets Rust use its default. */
function urlOrNull(value: string, fallback: string): string | null {
  const trimmed = value.trim().replace(/\/+$/, '');
  return trimmed === '' || trimmed === fallback ? null : trimmed;
}

/** What a form knows of the user's Marketplace app, as the sign-in commands take it. */
function appInput(
  form: Pick<AccountForm, 'baseUrl' | 'authorizeUrl' | 'clientId' | 'pasting' | 'redirectUri'>,
  secret: string,
): OAuthAppInput {
  return {
    baseUrl: urlOrNull(form.baseUrl, DEFAULT_BASE_URL),
    authorizeUrl: urlOrNull(form.authorizeUrl, DEFAULT_AUTHORIZE_URL),
    clientId: form.clientId.trim(),
    clientSecret: secret,
    redirectUri: form.pasting ? form.redirectUri.trim() : null,
  };
}

export type AddMode = 'token' | 'oauth';

/**
 * The add-account form. Components bind to its fields; `submit` validates, sends, and
 * always forgets the token and the client secret afterwards.
 */
export class AccountForm {
  mode = $state<AddMode>('token');
  name = $state('');
  environment = $state<string>('Production');
  customEnvironment = $state('');
  locationId = $state('');
  token = $state('');
  clientId = $state('');
  clientSecret = $state('');
  baseUrl = $state<string>(DEFAULT_BASE_URL);
  authorizeUrl = $state<string>(DEFAULT_AUTHORIZE_URL);
  /** Open when the user changed an advanced value (or asked to see them). */
  advanced = $state(false);
  pending = $state(false);
  problem = $state<Problem | null>(null);

  /** Paste the redirected address instead of the loopback listener catching it. */
  pasting = $state(false);
  redirectUri = $state('');
  /** The chooser opened and the sign-in waits for the address the user pastes. */
  awaitingPaste = $state(false);
  pasted = $state('');
  /** The chooser's address, shown in case no browser opened. */
  chooserUrl = $state('');

  /** The OAuth browser step is running: the user is in the browser. */
  waitingForBrowser = $derived(this.pending && this.mode === 'oauth');

  constructor(mode: AddMode = 'token') {
    this.mode = mode;
  }

  get environmentLabel(): string {
    return this.environment === CUSTOM_ENVIRONMENT ? this.customEnvironment.trim() : this.environment;
  }

  /** What must be fixed before anything is sent, or null. */
  validate(): Problem | null {
    const missing = (title: string, field: Field): Problem => ({ title, detail: 'This field is required.', field });
    if (!this.name.trim()) return missing('Give the account a name', 'name');
    if (!this.environmentLabel) return missing('Name the environment', 'environment');
    if (this.mode === 'token') {
      if (!this.locationId.trim()) return missing('Enter the location id', 'locationId');
      if (!this.token.trim()) return missing('Paste the Private Integration Token', 'token');
    } else {
      if (!this.clientId.trim()) return missing('Enter the app’s client id', 'clientId');
      if (!this.clientSecret.trim()) return missing('Paste the app’s client secret', 'clientSecret');
      if (this.pasting && !httpUrl(this.redirectUri.trim())) {
        return { title: 'Enter the redirect URL registered in the app', detail: 'An https:// address.', field: 'redirectUri' };
      }
      if (this.authorizeUrl.trim() && !httpUrl(this.authorizeUrl.trim())) {
        this.advanced = true;
        return { title: 'The authorize URL is not a web address', detail: 'Use an https:// address.', field: 'authorizeUrl' };
      }
    }
    if (this.baseUrl.trim() && !httpUrl(this.baseUrl.trim())) {
      this.advanced = true;
      return { title: 'The base URL is not a web address', detail: 'Use an https:// address.', field: 'baseUrl' };
    }
    return null;
  }

  /** Adds the account; resolves with the new session, or null when it failed (see `problem`) or waits for a paste. */
  async submit(): Promise<SessionInfo | null> {
    if (this.pending) return null;
    if (this.awaitingPaste) return this.#finishPasted();
    const invalid = this.validate();
    if (invalid) {
      this.problem = invalid;
      return null;
    }
    const mode = this.mode;
    // The secret leaves state before the call is awaited: it lives on only in this call.
    const secret = (mode === 'token' ? this.token : this.clientSecret).trim();
    this.token = '';
    this.clientSecret = '';
    return this.#connect(() =>
      mode === 'token'
        ? ipc.addTokenProfile({
            name: this.name.trim(),
            environment: this.environmentLabel,
            baseUrl: urlOrNull(this.baseUrl, DEFAULT_BASE_URL),
            locationId: this.locationId.trim(),
            token: secret,
          })
        : this.#signIn(secret),
    );
  }

  /** Opens the chooser; with the loopback redirect it waits for it, else for the paste. */
  async #signIn(secret: string): Promise<SessionInfo | null> {
    this.chooserUrl = await ipc.startOauthSignIn({ name: this.name.trim(), environment: this.environmentLabel, app: appInput(this, secret) });
    if (this.pasting) {
      this.awaitingPaste = true;
      return null;
    }
    return ipc.finishOauthSignIn(null);
  }

  #finishPasted(): Promise<SessionInfo | null> {
    const pasted = this.pasted.trim();
    if (!pasted) {
      this.problem = { title: 'Paste the address the browser landed on', detail: 'Or just the code in it.', field: 'pasted' };
      return Promise.resolve(null);
    }
    this.awaitingPaste = false;
    this.pasted = '';
    return this.#connect(() => ipc.finishOauthSignIn(pasted));
  }

  async #connect(work: () => Promise<SessionInfo | null>): Promise<SessionInfo | null> {
    this.problem = null;
    this.pending = true;
    const mode = this.mode;
    try {
      const info = await work();
      if (!info) return null;
      session.info = info;
      await accounts.refresh();
      toasts.show({ kind: 'success', title: `Connected to ${info.name}`, body: `${info.environment} · location ${info.locationId}` });
      return info;
    } catch (error) {
      this.problem = explain(error, { doing: 'account', locationId: this.locationId.trim(), auth: mode, storing: true });
      if (this.problem.field === 'baseUrl' || this.problem.field === 'authorizeUrl') this.advanced = true;
      return null;
    } finally {
      this.pending = false;
    }
  }

  /** The dialog closed: an OAuth sign-in left under way stops (and frees the loopback port). */
  async cancel() {
    if (this.mode === 'oauth' && (this.pending || this.awaitingPaste)) await ipc.cancelOauthSignIn();
  }
}

/** A location the agency's app is installed in, as the picker lists it. */
export interface AgencyLocation {
  id: string;
  name: string;
}

/**
 * Connecting an agency through its agency-level (Company) app, then picking its locations.
 * `start` opens the chooser (and keeps its address, for the paste fallback or when no
 * browser opened); `finish` waits for the loopback redirect or takes what was pasted. An
 * agency already connected starts at the picking step (`pickFor`).
 */
export class AgencyConnect {
  step = $state<'form' | 'signing-in' | 'picking'>('form');
  name = $state('');
  clientId = $state('');
  clientSecret = $state('');
  baseUrl = $state<string>(DEFAULT_BASE_URL);
  authorizeUrl = $state<string>(DEFAULT_AUTHORIZE_URL);
  /** Paste the redirected address instead of the loopback listener catching it. */
  pasting = $state(false);
  redirectUri = $state('');
  pasted = $state('');
  chooserUrl = $state('');
  agency = $state<Agency | null>(null);
  locations = $state<AgencyLocation[]>([]);
  /** Locations the agency has already: shown checked and fixed. */
  included = $state<string[]>([]);
  chosen = $state<string[]>([]);
  pending = $state(false);
  problem = $state<Problem | null>(null);

  /** The locations that can still be added. */
  get addable(): AgencyLocation[] {
    return this.locations.filter((location) => !this.included.includes(location.id));
  }

  get allChosen(): boolean {
    return this.addable.length > 0 && this.addable.every((location) => this.chosen.includes(location.id));
  }

  toggleAll() {
    this.chosen = this.allChosen ? [] : this.addable.map((location) => location.id);
  }

  validate(): Problem | null {
    const missing = (title: string, field: Field): Problem => ({ title, detail: 'This field is required.', field });
    if (!this.name.trim()) return missing('Give the agency a name', 'name');
    if (!this.clientId.trim()) return missing('Enter the agency app’s client id', 'clientId');
    if (!this.clientSecret.trim()) return missing('Paste the agency app’s client secret', 'clientSecret');
    if (this.pasting && !httpUrl(this.redirectUri.trim())) {
      return { title: 'Enter the redirect URL registered in the app', detail: 'An https:// address.', field: 'redirectUri' };
    }
    return null;
  }

  async #attempt(work: () => Promise<void>) {
    this.pending = true;
    this.problem = null;
    try {
      await work();
    } catch (error) {
      this.problem = explain(error, { doing: 'account', auth: 'oauth' });
    } finally {
      this.pending = false;
    }
  }

  /** Opens the chooser; with the loopback redirect, waits for it too. */
  async start() {
    if (this.pending) return;
    const invalid = this.validate();
    if (invalid) {
      this.problem = invalid;
      return;
    }
    const secret = this.clientSecret.trim();
    this.clientSecret = '';
    await this.#attempt(async () => {
      this.chooserUrl = await ipc.startAgencySignIn({ name: this.name.trim(), app: appInput(this, secret) });
      this.step = 'signing-in';
    });
    if (this.step === 'signing-in' && !this.pasting) await this.finish();
  }

  /** Waits for the sign-in (taking the pasted address), then lists the locations. */
  async finish() {
    if (this.pending) return;
    if (this.pasting && !this.pasted.trim()) {
      this.problem = { title: 'Paste the address the browser landed on', detail: 'Or just the code in it.', field: 'pasted' };
      return;
    }
    await this.#attempt(async () => {
      const agency = await ipc.finishAgencySignIn(this.pasting ? this.pasted.trim() : null);
      this.pasted = '';
      await accounts.refresh();
      await this.#pick(agency);
    });
    if (this.problem && this.step === 'signing-in') this.step = 'form';
  }

  async pickFor(agency: Agency) {
    await this.#attempt(() => this.#pick(agency));
  }

  async #pick(agency: Agency) {
    this.agency = agency;
    this.step = 'picking';
    // The wire type allows HighLevel's `_id` spelling; Rust has read it into `id` already.
    this.locations = (await ipc.agencyLocations(agency.id)).map((location) => ({ id: location.id ?? '', name: location.name }));
    this.included = accounts.profiles
      .filter((view) => view.profile.agency?.id === agency.id)
      .map((view) => view.profile.locationId);
    this.chosen = [];
  }

  /** Adds the chosen locations; resolves true when they were. */
  async add(): Promise<boolean> {
    const agency = this.agency;
    if (!agency || this.pending) return false;
    if (this.chosen.length === 0) {
      this.problem = { title: 'Choose at least one location', detail: 'Tick the locations to include.' };
      return false;
    }
    let added = false;
    await this.#attempt(async () => {
      session.info = await ipc.addAgencyLocations(agency.id, [...this.chosen]);
      await accounts.refresh();
      toasts.show({ kind: 'success', title: `Added ${plural(this.chosen.length, 'location')} to ${agency.name}` });
      added = true;
    });
    return added;
  }

  /** The dialog closed: a sign-in left waiting stops (and frees the loopback port). */
  async cancel() {
    if (this.step === 'signing-in') await ipc.cancelAgencySignIn();
  }
}

/** What a profile row is busy with, so its buttons can say so. */
export type RowAction = 'testing' | 'switching' | 'reconnecting' | 'removing';

export type TestResult = { report: ConnectionReport; at: Date } | { failure: Problem; at: Date };

class AccountsStore {
  /** True once the profile list was read at least once (the first-run check needs it). */
  loaded = $state(false);
  /** Why the list could not be read, when it could not. */
  loadError = $state<string | null>(null);
  busy = $state<Record<string, RowAction | undefined>>({});
  tests = $state<Record<string, TestResult | undefined>>({});
  /** The add-account dialog Settings › Accounts shows, if any (the palette can open it). */
  adding = $state<AddMode | null>(null);
  /** The profile whose rotate-token dialog is open, if any. */
  rotating = $state<string | null>(null);
  agencies = $state<Agency[]>([]);

  /** The profiles, shared with the header's account menu. */
  get profiles(): ProfileView[] {
    return session.profiles;
  }

  active = $derived(session.profiles.find((view) => view.active) ?? null);

  async refresh() {
    try {
      const [profiles, agencies] = await Promise.all([ipc.listProfiles(), ipc.listAgencies()]);
      session.profiles = profiles;
      this.agencies = agencies ?? [];
      this.loadError = null;
    } catch (error) {
      this.loadError = messageOf(error);
    } finally {
      this.loaded = true;
    }
  }

  async #run<T>(id: string, action: RowAction, work: () => Promise<T>): Promise<T> {
    this.busy = { ...this.busy, [id]: action };
    try {
      return await work();
    } finally {
      this.busy = { ...this.busy, [id]: undefined };
    }
  }

  /** A real one-contact call; the result stays on the row until the next test. */
  async test(id: string): Promise<TestResult> {
    const view = this.profiles.find((p) => p.profile.id === id);
    const situation: Situation = {
      doing: 'account',
      locationId: view?.profile.locationId,
      auth: view?.profile.auth.kind === 'OAuth' ? 'oauth' : 'token',
    };
    const result = await this.#run(id, 'testing', async (): Promise<TestResult> => {
      try {
        return { report: await ipc.testProfile(id), at: new Date() };
      } catch (error) {
        return { failure: explain(error, situation), at: new Date() };
      }
    });
    this.tests = { ...this.tests, [id]: result };
    // The test may have learned the status or write access: show what Rust now knows.
    await this.refresh();
    return result;
  }

  async switchTo(id: string | 'demo') {
    await this.#run(id, 'switching', () => session.switchTo(id));
  }

  /**
   * Checks the new token server-side, then swaps it in. Resolves with null on success or
   * the problem to show; the token is never kept.
   */
  async rotate(id: string, token: string): Promise<Problem | null> {
    const view = this.profiles.find((p) => p.profile.id === id);
    try {
      if (!token.trim()) return { title: 'Paste the new token', detail: 'This field is required.', field: 'token' };
      await ipc.rotateToken(id, token.trim());
      this.tests = { ...this.tests, [id]: undefined };
      await this.refresh();
      toasts.show({ kind: 'success', title: 'Token rotated', body: `${view?.profile.name ?? 'The account'} now uses the new token.` });
      return null;
    } catch (error) {
      return explain(error, { doing: 'account', locationId: view?.profile.locationId, auth: 'token', storing: true });
    }
  }

  /** Runs the OAuth browser step again. */
  async reconnect(id: string): Promise<Problem | null> {
    try {
      const info = await this.#run(id, 'reconnecting', () => ipc.reconnectProfile(id));
      session.info = info;
      this.tests = { ...this.tests, [id]: undefined };
      await this.refresh();
      toasts.show({ kind: 'success', title: `Reconnected ${info.name}` });
      return null;
    } catch (error) {
      const problem = explain(error, { doing: 'account', auth: 'oauth' });
      toasts.show({ kind: 'error', title: problem.title, body: problem.detail });
      return problem;
    }
  }

  /** Deletes the keychain entries and the cache; the demo opens if it was the active one. */
  async remove(id: string): Promise<Problem | null> {
    const view = this.profiles.find((p) => p.profile.id === id);
    try {
      const info = await this.#run(id, 'removing', () => ipc.removeProfile(id));
      session.info = info;
      this.tests = { ...this.tests, [id]: undefined };
      await this.refresh();
      toasts.show({ kind: 'success', title: `Removed ${view?.profile.name ?? 'the account'}` });
      return null;
    } catch (error) {
      return explain(error, { doing: 'account' });
    }
  }

  /** Puts token profiles into the agency `name` (made if new); resolves with the problem, if any. */
  async group(name: string, ids: string[]): Promise<Problem | null> {
    if (!name.trim()) return { title: 'Name the agency', detail: 'This field is required.', field: 'name' };
    if (ids.length === 0) return { title: 'Choose at least one account', detail: 'Tick the accounts to group.' };
    try {
      const agency = await ipc.groupIntoAgency(name.trim(), ids);
      await this.refresh();
      toasts.show({ kind: 'success', title: `Grouped ${plural(ids.length, 'account')} into ${agency.name}` });
      return null;
    } catch (error) {
      return explain(error, { doing: 'account' });
    }
  }

  /** Removes the agency with its locations' keychain entries and caches. */
  async removeAgency(agency: Agency): Promise<Problem | null> {
    try {
      session.info = await ipc.removeAgency(agency.id);
      await this.refresh();
      toasts.show({ kind: 'success', title: `Removed ${agency.name}` });
      return null;
    } catch (error) {
      return explain(error, { doing: 'account' });
    }
  }
}

export const accounts = new AccountsStore();

export const ONBOARDING_DISMISSED_KEY = 'contact-desk.onboarding-dismissed';

/** First run: offered while there is no profile, until the user dismisses it once. */
class OnboardingStore {
  dismissed = $state(false);

  visible = $derived(accounts.loaded && !accounts.loadError && accounts.profiles.length === 0 && !this.dismissed);

  /** Reads the remembered dismissal (and the profiles, which decide the rest). */
  async start() {
    this.dismissed = readFlag(ONBOARDING_DISMISSED_KEY);
    await accounts.refresh();
  }

  dismiss() {
    this.dismissed = true;
    try {
      localStorage.setItem(ONBOARDING_DISMISSED_KEY, '1');
    } catch {
      // Private mode or a full disk: it shows again next start, no harm.
    }
  }
}

function readFlag(key: string): boolean {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

export const onboarding = new OnboardingStore();
