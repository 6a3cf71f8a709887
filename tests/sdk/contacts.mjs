// Runs every Contacts operation of HighLevel's official JS SDK (@gohighlevel/api-client),
// unchanged, against the HighLevel at SANDBOX_BASE_URL: one JSON line per operation, then
// one naming the SDK's Contacts operations this script did not run (none, when complete).
// tests/sandbox/sdk.rs runs it against the sandbox.
import { HighLevel } from '@gohighlevel/api-client';

const baseUrl = process.env.SANDBOX_BASE_URL;
const token = process.env.SANDBOX_TOKEN;
const locationId = process.env.SANDBOX_LOCATION_ID;
if (!baseUrl || !token || !locationId) {
  console.error('SANDBOX_BASE_URL, SANDBOX_TOKEN and SANDBOX_LOCATION_ID are required');
  process.exit(2);
}

// The SDK's only way to another host: the base URL every client it builds starts from.
HighLevel.BASE_URL = baseUrl;
const ghl = new HighLevel({ privateIntegrationToken: token, apiVersion: '2021-07-28', logLevel: 'silent' });
const contacts = ghl.contacts;

const CAMPAIGN = 'cmpWelcomeSeries0001';
const WORKFLOW = 'wfLeadNurture0000001';
const unique = Date.now().toString(36);
const ran = new Set();

/** Runs one operation; `check` says what its answer must hold. */
async function run(name, call, check) {
  ran.add(name);
  try {
    const answer = await call();
    const problem = check(answer);
    console.log(JSON.stringify({ name, ok: !problem, problem: problem || undefined }));
    return answer;
  } catch (error) {
    const detail = error?.response?.data ?? error?.message ?? String(error);
    console.log(JSON.stringify({ name, ok: false, problem: detail }));
    return undefined;
  }
}

const has = (field) => (answer) => (answer && answer[field] !== undefined ? '' : `no ${field}`);
const succeeded = (answer) =>
  answer && (answer.succeded === true || answer.succeeded === true) ? '' : 'not succeeded';

const listed = await run(
  'getContacts',
  () => contacts.getContacts({ locationId, limit: 20 }),
  (answer) => (answer?.contacts?.length === 20 ? '' : 'not a page of 20'),
);
const seeded = listed?.contacts?.[0];
await run(
  'searchContactsAdvanced',
  () => contacts.searchContactsAdvanced({ locationId, pageLimit: 5, page: 1 }),
  (answer) => (answer?.contacts?.length === 5 && answer.total > 5 ? '' : 'no page of 5'),
);
const created = await run(
  'createContact',
  () =>
    contacts.createContact({
      locationId,
      firstName: 'Sdk',
      lastName: `Check ${unique}`,
      email: `sdk-${unique}@example.com`,
      tags: ['sdk'],
    }),
  (answer) => (answer?.contact?.id ? '' : 'no contact id'),
);
const contactId = created?.contact?.id;
await run(
  'getDuplicateContact',
  () => contacts.getDuplicateContact({ locationId, email: `sdk-${unique}@example.com` }),
  (answer) => (answer?.contact?.id === contactId ? '' : 'did not find the new contact'),
);
await run('getContact', () => contacts.getContact({ contactId }), has('contact'));
await run(
  'updateContact',
  () => contacts.updateContact({ contactId }, { companyName: 'Sdk Works' }),
  (answer) => (answer?.contact?.companyName === 'Sdk Works' ? '' : 'company not updated'),
);
await run(
  'upsertContact',
  () =>
    contacts.upsertContact({ locationId, email: `sdk-${unique}@example.com`, city: 'Lisbon' }),
  (answer) => (answer?.contact?.id === contactId ? '' : 'did not upsert the same contact'),
);
const businessId = listed?.contacts?.find((contact) => contact.businessId)?.businessId;
await run(
  'getContactsByBusinessId',
  () => contacts.getContactsByBusinessId({ businessId, locationId }),
  (answer) => (answer?.contacts?.length > 0 ? '' : 'no contacts of the business'),
);

const task = await run(
  'createTask',
  () =>
    contacts.createTask(
      { contactId },
      { title: 'Call back', dueDate: '2026-12-01T10:00:00Z', completed: false },
    ),
  (answer) => (answer?.task?.id ? '' : 'no task id'),
);
const taskId = task?.task?.id;
await run('getAllTasks', () => contacts.getAllTasks({ contactId }), (a) =>
  a?.tasks?.some((t) => t.id === taskId) ? '' : 'new task not listed',
);
await run('getTask', () => contacts.getTask({ contactId, taskId }), has('task'));
await run(
  'updateTask',
  () => contacts.updateTask({ contactId, taskId }, { title: 'Call back today' }),
  (answer) => (answer?.task?.title === 'Call back today' ? '' : 'title not updated'),
);
await run(
  'updateTaskCompleted',
  () => contacts.updateTaskCompleted({ contactId, taskId }, { completed: true }),
  (answer) => (answer?.task?.completed === true ? '' : 'not completed'),
);
await run('deleteTask', () => contacts.deleteTask({ contactId, taskId }), succeeded);

const note = await run(
  'createNote',
  () => contacts.createNote({ contactId }, { body: 'Met at the fair' }),
  (answer) => (answer?.note?.id ? '' : 'no note id'),
);
const noteId = note?.note?.id;
await run('getAllNotes', () => contacts.getAllNotes({ contactId }), (a) =>
  a?.notes?.some((n) => n.id === noteId) ? '' : 'new note not listed',
);
await run('getNote', () => contacts.getNote({ contactId, id: noteId }), has('note'));
await run(
  'updateNote',
  () => contacts.updateNote({ contactId, id: noteId }, { body: 'Met at the spring fair' }),
  (answer) => (answer?.note?.body === 'Met at the spring fair' ? '' : 'body not updated'),
);
await run('deleteNote', () => contacts.deleteNote({ contactId, id: noteId }), succeeded);

await run(
  'getAppointmentsForContact',
  () => contacts.getAppointmentsForContact({ contactId: seeded?.id }),
  has('events'),
);
await run(
  'addTags',
  () => contacts.addTags({ contactId }, { tags: ['vip', 'fair'] }),
  (answer) => (answer?.tags?.includes('vip') ? '' : 'tag not added'),
);
await run(
  'removeTags',
  () => contacts.removeTags({ contactId }, { tags: ['fair'] }),
  (answer) => (answer?.tags && !answer.tags.includes('fair') ? '' : 'tag not removed'),
);
await run(
  'createAssociation',
  () =>
    contacts.createAssociation(
      { type: 'add' },
      { contacts: [contactId], tags: ['bulk'], locationId },
    ),
  (answer) => (answer?.succeded === true || answer?.succeeded === true ? '' : 'bulk tag failed'),
);
await run(
  'addRemoveContactFromBusiness',
  () =>
    contacts.addRemoveContactFromBusiness({
      locationId,
      ids: [contactId],
      businessId,
    }),
  (answer) => (answer?.success === true && answer.ids?.includes(contactId) ? '' : 'not moved'),
);
const follower = listed?.contacts?.find((contact) => contact.assignedTo)?.assignedTo;
await run(
  'addFollowersContact',
  () => contacts.addFollowersContact({ contactId }, { followers: [follower] }),
  (answer) => (answer?.followers?.includes(follower) ? '' : 'follower not added'),
);
await run(
  'removeFollowersContact',
  () => contacts.removeFollowersContact({ contactId }, { followers: [follower] }),
  (answer) => (answer?.followers && !answer.followers.includes(follower) ? '' : 'follower kept'),
);
await run(
  'addContactToCampaign',
  () => contacts.addContactToCampaign({ contactId, campaignId: CAMPAIGN }, {}),
  succeeded,
);
await run(
  'removeContactFromCampaign',
  () => contacts.removeContactFromCampaign({ contactId, campaignId: CAMPAIGN }),
  succeeded,
);
await run(
  'removeContactFromEveryCampaign',
  () => contacts.removeContactFromEveryCampaign({ contactId }),
  succeeded,
);
await run(
  'addContactToWorkflow',
  () =>
    contacts.addContactToWorkflow(
      { contactId, workflowId: WORKFLOW },
      { eventStartTime: '2026-12-01T10:00:00+00:00' },
    ),
  succeeded,
);
await run(
  'deleteContactFromWorkflow',
  () => contacts.deleteContactFromWorkflow({ contactId, workflowId: WORKFLOW }, {}),
  succeeded,
);
await run('deleteContact', () => contacts.deleteContact({ contactId }), succeeded);

const operations = Object.getOwnPropertyNames(Object.getPrototypeOf(contacts)).filter(
  (name) => name !== 'constructor' && typeof contacts[name] === 'function',
);
console.log(JSON.stringify({ notRun: operations.filter((name) => !ran.has(name)) }));
