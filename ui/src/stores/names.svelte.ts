import type { FieldName, NameList, NamesView } from '../bindings';
import { ipc } from '../lib/ipc';
import { Loader } from './loader.svelte';

/** What each list names, for the hint shown while the token may not read it. */
const NAMED: Record<NameList, string> = {
  Users: 'Owner names',
  CustomFields: 'Custom field names',
  Businesses: 'Business names',
};

/**
 * Names for the ids contacts carry: owners and custom fields, as sync cached them
 * (businesses come named in their own list). Read when the first screen that shows
 * names opens, after each sync run (which is when the lists are read) and on a session
 * switch. An id no list names reads as itself.
 */
class NamesStore extends Loader<NamesView> {
  #users = $derived(new Map((this.value?.names.users ?? []).map((user) => [user.id, user.name])));
  #fields = $derived(new Map((this.value?.names.customFields ?? []).map((field) => [field.id, field])));
  #screens = 0;
  #stop: (() => void) | null = null;

  constructor() {
    super(() => ipc.getNames());
  }

  /** The owner's (or assignee's, or host's) name, else the id. */
  user(id: string): string {
    return this.#users.get(id) ?? id;
  }

  /** Users as `[id, name]`, by name; those no list names by id, after them. */
  usersByName(ids: readonly string[]): [id: string, name: string][] {
    const known = (id: string) => Number(!this.#users.has(id));
    return ids
      .map((id): [string, string] => [id, this.user(id)])
      .sort(([a, aName], [b, bName]) => known(a) - known(b) || aName.localeCompare(bName));
  }

  /** Whether `id` reads as a name (not the id itself). */
  knowsUser(id: string): boolean {
    return this.#users.has(id);
  }

  field(id: string | null | undefined): FieldName | undefined {
    return id ? this.#fields.get(id) : undefined;
  }

  /** "Owner names need the users.readonly scope", while the token may not read that list. */
  hint(list: NameList): string | null {
    const hint = this.value?.hints.find((candidate) => candidate.list === list);
    if (!hint) return null;
    return hint.missingScope ? `${NAMED[list]} need the ${hint.missingScope} scope` : `${NAMED[list]} could not be read: ${hint.reason}`;
  }

  /** Starts reading (once, however many screens ask); returns the function that stops this screen's interest. */
  start(): () => void {
    if (this.#screens++ === 0) {
      this.#stop = this.followSync();
      void this.refresh();
    }
    return () => {
      if (--this.#screens === 0) this.#stop?.();
    };
  }
}

export const names = new NamesStore();
