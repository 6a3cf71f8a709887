import { describe, expect, it } from 'vitest';
import { dueStatus, formatCount, formatFieldValue, initials, plural, relativeTime, statusWord } from './format';

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

  it('says statuses as words', () => {
    expect(statusWord('noshow')).toBe('No-show');
    expect(statusWord('confirmed')).toBe('Confirmed');
    expect(statusWord('showed')).toBe('Showed');
    expect(statusWord('customer')).toBe('Customer');
    expect(statusWord('new_lead')).toBe('New lead');
    expect(statusWord('incompleted')).toBe('Open');
    expect(statusWord(null)).toBe('—');
  });

  it('formats custom field values by their type', () => {
    const field = (dataType: string, options: { key?: string; label: string }[] = []) => ({ dataType, options });
    expect(formatFieldValue(1234567.5, field('MONETORY'))).toBe('1,234,567.50');
    expect(formatFieldValue('2500', field('NUMERICAL'))).toBe('2,500');
    expect(formatFieldValue(Date.UTC(2026, 0, 15, 12), field('DATE'))).toBe(new Date(Date.UTC(2026, 0, 15, 12)).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }));
    expect(formatFieldValue('not a date', field('DATE'))).toBe('not a date');
    expect(formatFieldValue(['seo', 'Paid ads'], field('MULTIPLE_OPTIONS', [{ key: 'seo', label: 'SEO' }, { label: 'Paid ads' }]))).toBe('SEO, Paid ads');
    expect(formatFieldValue('gold', field('SINGLE_OPTIONS', [{ key: 'gold', label: 'Gold plan' }]))).toBe('Gold plan');
    const upload = { doc1: { meta: { originalname: 'signed-contract.pdf' }, url: 'https://files.example/doc1.pdf' } };
    expect(formatFieldValue(upload, field('FILE_UPLOAD'))).toBe('signed-contract.pdf');
    expect(formatFieldValue({ a: 1 }, undefined)).toBe('{"a":1}');
    expect(formatFieldValue(null, field('TEXT'))).toBe('—');
    expect(formatFieldValue('=SUM(A1)', undefined)).toBe('=SUM(A1)');
  });
});
