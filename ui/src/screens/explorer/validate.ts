/** Checks an explorer form before anything is sent: one message per field at fault. */
import { CONTACT_FIELD_KEYS, type Endpoint, type FieldSpec, type Values } from './endpoints';

export type Errors = Record<string, string>;

const BOOLEAN_KEYS = new Set(['dnd', 'completed']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON body's keys must belong to the body type, with values of the right JSON type. */
export function checkJson(raw: string, keys: readonly string[], shadowed: ReadonlySet<string>): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!isObject(parsed)) return 'Must be a JSON object, e.g. {"city": "Lyon"}';
  for (const [key, value] of Object.entries(parsed)) {
    if (!keys.includes(key)) return `"${key}" is not a field of this body (allowed: ${keys.join(', ')})`;
    if (shadowed.has(key)) return `"${key}" is already set in the form above; set it in one place`;
    if (value === null) continue;
    if (key === 'tags') {
      if (!Array.isArray(value) || !value.every((tag) => typeof tag === 'string')) return '"tags" must be a list of strings';
    } else if (key === 'customFields') {
      const ok =
        Array.isArray(value) &&
        value.every((field) => isObject(field) && (typeof field.id === 'string' || typeof field.key === 'string') && 'field_value' in field);
      if (!ok) return '"customFields" must be a list of {"id" or "key", "field_value"}';
    } else if (BOOLEAN_KEYS.has(key)) {
      if (typeof value !== 'boolean') return `"${key}" must be true or false`;
    } else if (typeof value !== 'string') {
      return `"${key}" must be a string`;
    }
  }
  return null;
}

function filled(values: Values, name: string): boolean {
  const value = values[name];
  return typeof value === 'string' ? value.trim() !== '' : false;
}

function checkField(field: FieldSpec, values: Values): string | null {
  const raw = values[field.name];
  const value = typeof raw === 'string' ? raw.trim() : raw;
  if (field.kind === 'boolean' || field.kind === 'tristate') return null;
  if (value === '' || value === undefined) return field.required ? `${field.label} is required` : null;
  if (typeof value !== 'string') return `${field.label} is not text`;
  switch (field.kind) {
    case 'id':
      return /[\s/?#%]/.test(value) ? `${field.label} cannot contain spaces, slashes, ? # or %` : null;
    case 'integer': {
      if (!/^-?\d+$/.test(value)) return `${field.label} must be a whole number`;
      const n = Number(value);
      if (field.min !== undefined && n < field.min) return `${field.label} must be at least ${field.min}`;
      if (field.max !== undefined && n > field.max) return `${field.label} must be at most ${field.max}`;
      return null;
    }
    case 'email':
      return /^[^\s@]+@[^\s@]+$/.test(value) ? null : `${field.label} is not an email address`;
    case 'datetime':
      return Number.isNaN(new Date(value).getTime()) ? `${field.label} is not a date and time` : null;
    case 'tags': {
      const list = value.split(',').map((tag) => tag.trim());
      if (list.some((tag) => tag === '')) return 'Tags cannot be empty (check for doubled commas)';
      return null;
    }
    case 'json': {
      const typed = new Set(
        valuesSet(values).filter((name) => name !== field.name && (field.keys ?? []).includes(name)),
      );
      return checkJson(value, field.keys ?? [], typed);
    }
    default:
      return null;
  }
}

/** Names of the typed (non-JSON) fields that hold something to send. */
function valuesSet(values: Values): string[] {
  return Object.entries(values)
    .filter(([name, value]) => name !== 'extra' && (typeof value === 'string' ? value.trim() !== '' : false))
    .map(([name]) => name)
    .concat(
      // A tri-state left on "unchanged" sends nothing; a checkbox always sends its value.
      Object.entries(values)
        .filter(([name, value]) => name === 'completed' && typeof value === 'boolean')
        .map(([name]) => name),
    );
}

/** Field by field, then the rules that span fields. An empty result means "ready to send". */
export function validate(endpoint: Endpoint, values: Values): Errors {
  const errors: Errors = {};
  for (const field of endpoint.fields) {
    const problem = checkField(field, values);
    if (problem) errors[field.name] = problem;
  }
  if (endpoint.id === 'getContacts' && filled(values, 'startAfter') && !filled(values, 'startAfterId')) {
    errors.startAfterId ??= 'A cursor needs startAfterId as well as startAfter';
  }
  const bodyNames = endpoint.fields
    .filter((field) => !['contactId', 'taskId', 'noteId'].includes(field.name))
    .map((field) => field.name);
  const isContactBody = endpoint.fields.some((field) => field.keys === CONTACT_FIELD_KEYS);
  const isChange = endpoint.id === 'updateTask' || endpoint.id === 'updateNote';
  if ((isContactBody || isChange) && Object.keys(errors).length === 0) {
    const anything = bodyNames.some((name) => filled(values, name) || (name === 'completed' && values.completed !== ''));
    if (!anything) errors.form = isContactBody ? 'Fill in at least one field to send' : 'Change at least one field';
  }
  return errors;
}
