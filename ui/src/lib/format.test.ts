import { describe, expect, it } from 'vitest';
import { dueStatus, formatCount, initials, plural, relativeTime } from './format';

const now = new Date('2026-11-27T12:00:00Z');

describe('format', () => {
  it('says how long ago something happened', () => {
    expect(relativeTime(null, now)).toBe('never');
    expect(relativeTime('2026-11-27T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-11-27T11:48:00Z', now)).toBe('12 min ago');
    expect(relativeTime('2026-11-27T09:00:00Z', now)).toBe('3 h ago');
    expect(relativeTime('2026-11-26T09:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('2026-11-23T09:00:00Z', now)).toBe('4 days ago');
  });

  it('marks overdue, today and upcoming due dates', () => {
    expect(dueStatus('2026-11-24T09:00:00Z', now)).toEqual({ state: 'overdue', label: 'Overdue · 3 days' });
    expect(dueStatus(null, now).state).toBe('none');
    expect(dueStatus('2026-11-30T12:00:00Z', now)).toEqual({ state: 'soon', label: 'Due in 3 days' });
    expect(dueStatus('2027-01-30T12:00:00Z', now).state).toBe('later');
  });

  it('makes initials from names with symbols, scripts and emoji', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('<script>alert(1)</script>')).toBe('SS');
    expect(initials('محمد علي')).toBe('مع');
    expect(initials('🚀')).toBe('?');
    expect(plural(1, 'task')).toBe('1 task');
    expect(plural(1200, 'contact')).toBe('1,200 contacts');
  });

  it('groups the thousands of counts', () => {
    expect(formatCount(200_000)).toBe('200,000');
    expect(plural(96_500, 'contact')).toBe('96,500 contacts');
  });
});
