import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Onboarding from './Onboarding.svelte';
import { ONBOARDING_DISMISSED_KEY, accounts } from '../stores/accounts.svelte';
import { session } from '../stores/session.svelte';
import type { ProfileView } from '../bindings';
import { backend as mockBackend, demoSession as demo, profileView } from '../testing/fixtures';

const TOKEN = 'pit-onboarding-5ecret-77';

const added = profileView('p1', { active: true, tokenHint: '••••s-77', tokenAgeDays: 0 }, { name: 'Acme Realty', locationId: 'loc-1' });

/** A backend with `profiles` stored; adding a token profile stores one and switches to it. */
function backend(profiles: ProfileView[]) {
  let stored = profiles;
  return mockBackend({
    list_profiles: () => stored,
    add_token_profile: (args) => {
      const input = (args as { input: { name: string; token: string } }).input;
      if (input.token !== TOKEN) throw { code: 'Unauthorized', message: 'HighLevel rejected the token: it is wrong, expired or revoked (Invalid JWT)' };
      stored = [added];
      return { ...demo, kind: 'Profile', id: 'p1', name: input.name, environment: 'Production', locationId: 'loc-1' };
    },
  });
}

beforeEach(() => {
  localStorage.clear();
  accounts.loaded = false;
  session.profiles = [];
  session.info = demo;
});

describe('first-run onboarding', () => {
  it('offers the three ways in when there is no account', async () => {
    backend([]);
    render(Onboarding);

    const welcome = await screen.findByTestId('onboarding');
    const choices = within(welcome).getAllByRole('button').map((button) => button.textContent ?? '');
    expect(choices.some((text) => text.includes('Connect with a token'))).toBe(true);
    expect(choices.some((text) => text.includes('Connect with OAuth'))).toBe(true);
    expect(choices.some((text) => text.includes('Open the demo workspace'))).toBe(true);
  });

  it('stays away when an account exists', async () => {
    backend([added]);
    render(Onboarding);
    await waitFor(() => expect(accounts.loaded).toBe(true));
    expect(screen.queryByTestId('onboarding')).toBeNull();
  });

  it('remembers being dismissed', async () => {
    backend([]);
    const first = render(Onboarding);
    await screen.findByTestId('onboarding');
    await fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByTestId('onboarding')).toBeNull());
    expect(localStorage.getItem(ONBOARDING_DISMISSED_KEY)).toBe('1');
    first.unmount();

    // The next start reads the dismissal back.
    accounts.loaded = false;
    render(Onboarding);
    await waitFor(() => expect(accounts.loaded).toBe(true));
    expect(screen.queryByTestId('onboarding')).toBeNull();
  });

  it('closes on the demo choice without reopening the demo, which is already open', async () => {
    const calls = backend([]);
    render(Onboarding);
    const welcome = await screen.findByTestId('onboarding');

    await fireEvent.click(within(welcome).getByText('Open the demo workspace'));

    await waitFor(() => expect(screen.queryByTestId('onboarding')).toBeNull());
    expect(calls.map((call) => call.cmd)).not.toContain('open_demo');
    expect(localStorage.getItem(ONBOARDING_DISMISSED_KEY)).toBe('1');
  });

  it('connects with a token through the add-account form, then gets out of the way', async () => {
    backend([]);
    render(Onboarding);
    await fireEvent.click(within(await screen.findByTestId('onboarding')).getByText('Connect with a token'));

    const form = await screen.findByTestId('add-account');
    await fireEvent.input(within(form).getByLabelText('Account name'), { target: { value: 'Acme Realty' } });
    await fireEvent.input(within(form).getByLabelText('Location id'), { target: { value: 'loc-1' } });
    const token = within(form).getByLabelText('Private Integration Token', { selector: 'input' }) as HTMLInputElement;

    // A wrong token first: the form stays, the token field is emptied.
    await fireEvent.input(token, { target: { value: 'pit-wrong' } });
    await fireEvent.click(screen.getByTestId('add-account-submit'));
    expect((await within(form).findByTestId('form-problem')).textContent).toContain('rejected the token');
    expect(token.value).toBe('');

    await fireEvent.input(token, { target: { value: TOKEN } });
    await fireEvent.click(screen.getByTestId('add-account-submit'));

    await waitFor(() => expect(screen.queryByTestId('add-account')).toBeNull());
    expect(screen.queryByTestId('onboarding')).toBeNull();
    expect(session.info?.name).toBe('Acme Realty');
    expect(session.profiles).toHaveLength(1);
    expect(document.documentElement.outerHTML).not.toContain(TOKEN);
  });

  it('goes back to the choices when the form is cancelled', async () => {
    backend([]);
    render(Onboarding);
    await fireEvent.click(within(await screen.findByTestId('onboarding')).getByText('Connect with OAuth'));
    await screen.findByTestId('add-account');
    expect(screen.getByRole('tab', { name: /OAuth app/ }).getAttribute('aria-selected')).toBe('true');

    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByTestId('onboarding')).toBeTruthy();
    expect(localStorage.getItem(ONBOARDING_DISMISSED_KEY)).toBeNull();
  });
});
