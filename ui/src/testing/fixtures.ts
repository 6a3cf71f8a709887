/** Test support shared by the UI's unit tests: one mocked backend and the wire values it answers with. */
import { mockIPC } from '@tauri-apps/api/mocks';
import { contacts, emptyFilter } from '../stores/contacts.svelte';
import type { Contact, ContactRow, ContactWorkspace, Details, JobSummary, ProfileView, RequestRecord, SessionInfo, Spending, SyncProgress, SyncStatus, Task } from '../bindings';

export type Call = { cmd: string; args: Record<string, unknown> };
export type Handler = (args: Record<string, unknown>) => unknown;

export interface BackendOptions {
  /** Fails a command `handlers` does not name; otherwise it answers `null`. */
  strict?: boolean;
  /** Answers a moment later, as a task, the way Tauri's IPC delivers them. */
  delayed?: boolean;
  /** Lets the test `emit` events to the app's listeners. */
  events?: boolean;
}

/** Mocks the Rust side: answers each command from `handlers` by name and records every call. */
export function backend(handlers: Record<string, Handler> = {}, { strict = false, delayed = false, events = false }: BackendOptions = {}): Call[] {
  const calls: Call[] = [];
  const answer = (cmd: string, args: Record<string, unknown>) => {
    const handler = handlers[cmd];
    if (handler) return handler(args);
    if (strict) throw new Error(`unexpected ${cmd}`);
    return null;
  };
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      if (!delayed) return answer(cmd, args);
      return new Promise((resolve, reject) =>
        setTimeout(() => {
          try {
            resolve(answer(cmd, args));
          } catch (error) {
            reject(error);
          }
        }, 0),
      );
    },
    { shouldMockEvents: events },
  );
  return calls;
}

/** The calls of one command, in order. */
export const callsOf = (calls: Call[], cmd: string) => calls.filter((call) => call.cmd === cmd);

/** What the app says when a write is refused while offline. */
export const OFFLINE_REFUSAL = 'You are offline, so nothing was sent. Your input is kept; try again once connected.';

export const HOSTILE = "<script>alert('x')</script>";
export const HYPERLINK = '=HYPERLINK("http://evil.example","click")';

/** A contact as the list shows it. */
export function contactRow(id: string, name: string, patch: Partial<ContactRow> = {}): ContactRow {
  return {
    id,
    name,
    email: `${id}@example.com`,
    phone: null,
    companyName: 'Globex',
    businessId: null,
    assignedTo: null,
    tags: [],
    dateAdded: null,
    openTasks: 0,
    completedTasks: 0,
    notes: 0,
    nextDue: null,
    overdue: false,
    detailsSynced: true,
    watched: false,
    ...patch,
  };
}

/** A contact with nothing known but its id. */
export function contact(id: string, patch: Partial<Contact> = {}): Contact {
  return {
    id,
    locationId: 'loc-1',
    firstName: null,
    lastName: null,
    name: null,
    email: null,
    phone: null,
    companyName: null,
    businessId: null,
    assignedTo: null,
    tags: [],
    dnd: null,
    source: null,
    type: null,
    timezone: null,
    address1: null,
    city: null,
    state: null,
    country: null,
    postalCode: null,
    website: null,
    dateOfBirth: null,
    ...patch,
  } as Contact;
}

/** A running job of one pending item (bulk tags unless `patch` says otherwise). */
export function jobSummary(patch: Partial<JobSummary> = {}): JobSummary {
  return {
    id: 1,
    kind: 'AddTags',
    title: 'Add tags: new',
    state: 'Running',
    items: { pending: 1, sending: 0, done: 0, failed: 0, skipped: 0 },
    undoOf: null,
    createdAt: '2026-11-29T10:00:00Z',
    finishedAt: null,
    ...patch,
  };
}

export function task(id: string, patch: Partial<Task> = {}): Task {
  return { id, title: `Task ${id}`, body: null, assignedTo: null, dueDate: '2030-01-01T09:00:00Z', completed: false, contactId: null, ...patch };
}

/** `contact`'s workspace holding `details` (its tasks filed under the contact), all synced at `syncedAt`. */
export function workspaceOf(contact: Contact, details: Partial<Details> = {}, syncedAt = '2025-03-10T09:00:00Z'): ContactWorkspace {
  const tasks = (details.tasks ?? []).map((t) => ({ ...t, contactId: contact.id }));
  return {
    contact,
    watched: false,
    details: { notes: [], appointments: [], syncedAt, ...details, tasks },
    freshness: { contactSyncedAt: syncedAt, detailsSyncedAt: syncedAt, notesSyncedAt: syncedAt },
  };
}

/** A request as the log records it. */
export function requestRecord(patch: Partial<RequestRecord> = {}): RequestRecord {
  return {
    at: '2025-03-10T09:15:02Z',
    method: 'GET',
    path: '/contacts/:contactId',
    ids: [{ name: 'contactId', value: 'abc123' }],
    lane: 'Background',
    status: 200,
    durationMs: 84,
    attempts: 1,
    traceId: 'trace-1',
    error: null,
    errorMessage: null,
    headroom: { remaining: 87, max: 100, intervalMs: 10_000, dailyRemaining: 199_000, dailyLimit: 200_000 },
    ...patch,
  };
}

/** A connected production profile's session. */
export function profileSession(patch: Partial<SessionInfo> = {}): SessionInfo {
  return {
    kind: 'Profile',
    id: 'p1',
    name: 'Acme Realty',
    environment: 'Production',
    baseUrl: 'https://services.leadconnectorhq.com',
    locationId: 'loc-1',
    writeAccess: { access: 'Unknown' },
    status: { state: 'Connected' },
    credentialsProblem: null,
    ...patch,
  };
}

/** The demo workspace's session. */
export const demoSession: SessionInfo = profileSession({
  kind: 'Demo',
  id: 'demo',
  name: 'Demo workspace',
  environment: 'Sandbox',
  baseUrl: 'http://127.0.0.1:9',
  locationId: 'demo-location',
  writeAccess: { access: 'Granted' },
});

/** A stored token profile, as Settings › Accounts lists it. */
export function profileView(id: string, patch: Partial<ProfileView> = {}, profile: Partial<ProfileView['profile']> = {}): ProfileView {
  return {
    profile: {
      id,
      name: `Account ${id}`,
      environment: 'Production',
      baseUrl: 'https://services.leadconnectorhq.com',
      locationId: `loc-${id}`,
      auth: { kind: 'PrivateToken' },
      addedAt: '2025-01-01T00:00:00Z',
      rotatedAt: null,
      writeAccess: { access: 'Unknown' },
      status: { state: 'Connected' },
      ...profile,
    },
    active: false,
    tokenHint: '••••a1b2',
    tokenAgeDays: 12,
    needsRotation: false,
    ...patch,
  };
}

/** No sync running, none run yet. */
export function idleProgress(patch: Partial<SyncProgress> = {}): SyncProgress {
  return { running: false, phase: 'Idle', done: 0, total: null, requests: 0, budgetLeft: 100, etaSeconds: null, lastFinished: null, lastError: null, ...patch };
}

/** Online, idle, syncing every 15 minutes. */
export function idleSyncStatus(): SyncStatus {
  return {
    progress: idleProgress(),
    connectivity: { online: true, since: '2025-01-01T00:00:00Z', reason: null },
    schedule: { intervalMinutes: 15 },
  };
}

/** A 10,000-contact location's day so far: within the plan, every open task watched each sync, no fallback. */
export function spendingOf(patch: Partial<Spending> = {}): Spending {
  return {
    usedToday: 12_345,
    dailyLimit: 200_000,
    reservedForClicks: 40_000,
    projection: { requestsPerDay: 4_321, planPerDay: 20_000, syncsPerWatch: 1 },
    openTasks: 21_000,
    contactsWithoutNotes: 0,
    fallbacks: [],
    ...patch,
  };
}

/** Puts the contact list back as a fresh app has it. */
export function resetContactList() {
  contacts.filter = emptyFilter();
  contacts.sort = 'Newest';
  contacts.total = 0;
  contacts.capped = false;
  contacts.pages = {};
  contacts.selected = 0;
  contacts.loading = false;
  contacts.error = null;
}
