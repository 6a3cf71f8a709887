import type { ApiCall } from '../bindings';
import { explain } from '../lib/errors';
import { ipc, messageOf } from '../lib/ipc';
import {
  ENDPOINTS,
  type Endpoint,
  type Values,
  endpoint as findEndpoint,
  initialValues,
  isWrite,
} from '../screens/explorer/endpoints';
import { type Errors, validate } from '../screens/explorer/validate';

export interface CallResult {
  endpoint: Endpoint;
  /** What came back: the response or HighLevel's error, with the request's record. */
  call: ApiCall<unknown> | null;
  /** A failure before any request (no account, say), or HighLevel's error in words. */
  error: string | null;
  /** When the request was answered (for "sent … ago"). */
  at: Date;
}

/** Fields that mean the same thing on every endpoint, so they survive switching between them. */
const SHARED = ['contactId', 'taskId', 'noteId', 'businessId'];

/**
 * The API explorer: which endpoint is open, its form, local validation, the confirmation
 * every write needs, and the last result.
 */
class ExplorerStore {
  selectedId = $state(ENDPOINTS[1]!.id);
  values = $state<Values>(initialValues(ENDPOINTS[1]!));
  errors = $state<Errors>({});
  /** A write waiting for the user to confirm it. */
  confirming = $state(false);
  sending = $state(false);
  result = $state<CallResult | null>(null);
  sampleError = $state<string | null>(null);
  loadingSample = $state(false);

  selected = $derived(findEndpoint(this.selectedId) ?? ENDPOINTS[0]!);

  select(id: string) {
    const next = findEndpoint(id);
    if (!next || id === this.selectedId) return;
    const kept = Object.fromEntries(SHARED.filter((name) => typeof this.values[name] === 'string').map((name) => [name, this.values[name]!]));
    const fresh = initialValues(next);
    for (const field of next.fields) {
      if (field.name in kept) fresh[field.name] = kept[field.name]!;
    }
    // Ids typed on other endpoints stay around (unshown) for the next switch.
    this.values = { ...kept, ...fresh };
    this.selectedId = next.id;
    this.errors = {};
    this.confirming = false;
  }

  set(name: string, value: string | boolean) {
    this.values = { ...this.values, [name]: value };
    if (this.errors[name] || this.errors.form) {
      const { [name]: _dropped, form: _form, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  /** Validates; a read is sent at once, a write waits for `confirm()`. */
  async submit() {
    const values = this.#shownValues();
    this.errors = validate(this.selected, values);
    if (Object.keys(this.errors).length > 0) return;
    if (isWrite(this.selected)) {
      this.confirming = true;
      return;
    }
    await this.#send();
  }

  async confirm() {
    this.confirming = false;
    await this.#send();
  }

  cancel() {
    this.confirming = false;
  }

  /** Fills the contact id with the newest contact the cache has. */
  async useSampleContact() {
    this.loadingSample = true;
    this.sampleError = null;
    try {
      const page = await ipc.listContacts({}, 'Newest', 0, 1);
      const contact = page.rows[0];
      if (contact) this.set('contactId', contact.id);
      else this.sampleError = 'No contacts are cached yet. Sync first, or run GET /contacts/.';
    } catch (error) {
      this.sampleError = messageOf(error);
    } finally {
      this.loadingSample = false;
    }
  }

  /** The values of the fields the selected endpoint has (not ids kept for other endpoints). */
  #shownValues(): Values {
    return Object.fromEntries(this.selected.fields.map((field) => [field.name, this.values[field.name] ?? '']));
  }

  async #send() {
    const target = this.selected;
    const values = this.#shownValues();
    this.sending = true;
    try {
      const call = await target.send(values);
      this.result = { endpoint: target, call, error: call.error ? explain(call.error).detail : null, at: new Date() };
    } catch (error) {
      this.result = {
        endpoint: target,
        call: null,
        error: explain(error).detail,
        at: new Date(),
      };
    } finally {
      this.sending = false;
    }
  }
}

export const explorer = new ExplorerStore();
