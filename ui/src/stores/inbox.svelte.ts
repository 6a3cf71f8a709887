import type { Inbox, InboxFilter, InboxGroup, InboxSection, InboxTask, LocatedInbox, LocatedTask } from '../bindings';
import debounce from 'lodash-es/debounce';
import { explain } from '../lib/errors';
import { ipc, subscribe } from '../lib/ipc';
import { Loader } from './loader.svelte';
import { names } from './names.svelte';
import { scope } from './scope.svelte';

/** A row of the inbox; across locations it also names the location it lives in. */
export type InboxRow = InboxTask & Partial<Pick<LocatedTask, 'profileId' | 'location'>>;
/** A group of the inbox, in one location or across them. */
export type InboxRows = Omit<InboxSection, 'tasks'> & { tasks: InboxRow[] };

/** Tasks each group lists at first, and how many more "Show more" adds. */
export const INBOX_PAGE = 100;

export const GROUP_LABELS: Record<InboxGroup, string> = {
  Overdue: 'Overdue',
  Today: 'Today',
  Upcoming: 'Upcoming',
  NoDueDate: 'No due date',
  Completed: 'Completed recently',
};

/** How an owner reads in the inbox: the one place an owner's id becomes words. */
export function ownerLabel(owner: string | null | undefined): string {
  return owner ? names.user(owner) : 'Unassigned';
}

export interface Completion {
  done: number;
  total: number;
}

/**
 * Every cached task across contacts (Rust groups and cuts them), a selection over the
 * rows shown, and completing the selection one task at a time through the same command
 * the workspace ticks with. A task that fails stays selected with its reason.
 */
class TaskInbox {
  filter = $state<InboxFilter>({ owner: null, search: null });
  limit = $state(INBOX_PAGE);
  readonly #loader = new Loader<Inbox | LocatedInbox>(() =>
    scope.all
      ? ipc.locatedTaskInbox($state.snapshot(this.filter), $state.snapshot(scope.only), this.limit)
      : ipc.taskInbox($state.snapshot(this.filter), this.limit),
  );
  showCompleted = $state(false);
  selected = $state<Record<string, boolean>>({});
  /** The row the keyboard is on. */
  cursor = $state<string | null>(null);
  completion = $state<Completion | null>(null);
  failures = $state<Record<string, string>>({});
  #anchor: string | null = null;
  /** The scope (`scope.key`) the selection and filter were made in. */
  #scope = '';

  /** What the cache answered last, and why the last read failed. */
  get inbox(): { sections: InboxRows[] } | null {
    return this.#loader.value;
  }

  /** Open tasks per owner, for the owner filter: in one location only (an owner is one
   * location's user). */
  get owners(): Inbox['owners'] {
    const value = this.#loader.value;
    return value && 'owners' in value ? value.owners : [];
  }

  get error(): string | null {
    return this.#loader.error;
  }

  /** The rows on screen, in order: every group's tasks, completed ones when unfolded. */
  rows = $derived(
    (this.inbox?.sections ?? []).filter((section) => section.group !== 'Completed' || this.showCompleted).flatMap((section) => section.tasks),
  );

  /** The open tasks selected among the rows shown. */
  chosen = $derived(this.rows.filter((row) => this.selected[row.task.id] && !row.task.completed));

  start(): () => void {
    const reload = debounce(() => void this.load(), 400, { maxWait: 1500 });
    const stops = [
      subscribe('contactsChanged', () => {
        if (!this.completion) reload();
      }),
      subscribe('locationContactsChanged', () => {
        if (scope.all && !this.completion) reload();
      }),
      subscribe('sessionChanged', () => {
        if (scope.all) return reload();
        this.selected = {};
        this.failures = {};
        void this.load();
      }),
      // A new scope (one location, all of them, the location filter) reads from the top.
      scope.follow(() => {
        if (scope.key === this.#scope) return void this.load();
        this.#scope = scope.key;
        this.selected = {};
        this.failures = {};
        this.filter.owner = null;
        this.limit = INBOX_PAGE;
        void this.load();
      }),
    ];
    return () => {
      reload.cancel();
      stops.forEach((stop) => stop());
    };
  }

  load(): Promise<void> {
    return this.#loader.refresh();
  }

  setSearch(search: string) {
    this.filter.search = search.trim() || null;
    this.limit = INBOX_PAGE;
    void this.load();
  }

  setOwner(owner: string | null) {
    this.filter.owner = owner;
    this.limit = INBOX_PAGE;
    void this.load();
  }

  showMore() {
    this.limit += INBOX_PAGE;
    void this.load();
  }

  /** A click (or x / space) on a row; with Shift, everything from the last click to it. */
  toggle(taskId: string, range = false) {
    this.cursor = taskId;
    if (range && this.#anchor) {
      const ids = this.rows.map((row) => row.task.id);
      const ends = [ids.indexOf(this.#anchor), ids.indexOf(taskId)];
      const from = Math.min(...ends);
      const to = Math.max(...ends);
      if (from >= 0) {
        for (const row of this.rows.slice(from, to + 1)) if (!row.task.completed) this.selected[row.task.id] = true;
        return;
      }
    }
    this.#anchor = taskId;
    if (this.selected[taskId]) delete this.selected[taskId];
    else this.selected[taskId] = true;
  }

  clearSelection() {
    this.selected = {};
    this.#anchor = null;
  }

  /** Moves the keyboard's row by `step`, staying within the rows; answers the new one. */
  move(step: number): InboxRow | undefined {
    const rows = this.rows;
    if (rows.length === 0) return undefined;
    const at = rows.findIndex((row) => row.task.id === this.cursor);
    const next = at < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step));
    this.cursor = rows[next]!.task.id;
    return rows[next];
  }

  /** Completes the selected open tasks, one request each, in order; failures stay selected. */
  async completeSelected() {
    const tasks = this.chosen;
    if (this.completion || tasks.length === 0) return;
    this.completion = { done: 0, total: tasks.length };
    this.failures = {};
    for (const { task, contactId, profileId } of tasks) {
      try {
        // Across locations each task is completed where it lives, the one shown or not.
        if (profileId) await ipc.setLocatedTaskCompleted(profileId, contactId, task.id, true);
        else await ipc.setTaskCompleted(contactId, task.id, true);
        delete this.selected[task.id];
      } catch (error) {
        this.failures[task.id] = explain(error, { doing: 'write' }).detail;
      }
      this.completion.done += 1;
    }
    this.completion = null;
    await this.load();
  }
}

export const inbox = new TaskInbox();
