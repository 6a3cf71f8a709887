import type { MergeField, Reason, Write } from '../../bindings';
import { formatDate } from '../../lib/format';

/** Why a pair is listed, in words. */
export const REASONS: Record<Reason, string> = {
  SameEmail: 'Same email',
  SamePhone: 'Same phone',
  SameName: 'Same name, same business',
  SimilarName: 'Close name, same business',
};

export const FIELDS: Record<MergeField, string> = {
  FirstName: 'First name',
  LastName: 'Last name',
  Email: 'Email',
  Phone: 'Phone',
  Owner: 'Owner',
  Business: 'Business',
  Address: 'Address',
  Website: 'Website',
  Timezone: 'Time zone',
  Source: 'Source',
  DateOfBirth: 'Date of birth',
};

/** Long note texts are cut for the preview; the whole text is sent. */
function excerpt(text: string | null | undefined, length = 80): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** One write of the merge as the preview lists it: the request, and what it carries. */
export function describeStep(
  step: Write,
  survivor: string,
  other: string,
  businessName: (id: string) => string = (id) => id,
): { request: string; detail: string } {
  switch (step.write) {
    case 'updateContact': {
      const changed = Object.entries(step.fields)
        .filter(([, value]) => value !== null && value !== undefined)
        .map(([key, value]) => (key === 'tags' && Array.isArray(value) ? `tags: ${value.join(', ')}` : key));
      return { request: `Update ${survivor}`, detail: changed.join(' · ') };
    }
    case 'business':
      return { request: `Move ${survivor} to the other's business`, detail: step.businessId ? businessName(step.businessId) : 'out of any business' };
    case 'createTask':
      return {
        request: `Add task to ${survivor}`,
        detail: `${excerpt(step.task.title)} · due ${formatDate(step.task.dueDate)}${step.task.completed ? ' · completed' : ''}`,
      };
    case 'createNote':
      return { request: `Add note to ${survivor}`, detail: excerpt(step.note.body) };
    case 'deleteContact':
      return { request: `Delete ${other}`, detail: 'HighLevel has no merge: the duplicate goes once all it held is copied' };
    case 'tags':
      return { request: `Change tags of ${survivor}`, detail: step.tags.join(', ') };
  }
}
