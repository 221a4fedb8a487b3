import { describe, expect, it } from 'vitest';
import { parseTime, parseTimezone } from '../../src/daily/timespec.js';

describe('times of day', () => {
  it.each([
    ['09:00', '09:00'],
    ['9:00', '09:00'],
    ['9', '09:00'],
    ['21:30', '21:30'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
    ['9am', '09:00'],
    ['9 AM', '09:00'],
    ['9:30pm', '21:30'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['12:15am', '00:15'],
    ['21点30', '21:30'],
    ['9点', '09:00'],
    ['21：30', '21:30'],
  ])('%s → %s', (text, want) => {
    expect(parseTime(text)).toBe(want);
  });

  it.each(['24:00', '9:60', '13pm', '0am', 'noon', '', '9:5', '0930x', 'Asia/Shanghai'])('refuses %j', (text) => {
    expect(parseTime(text)).toBeUndefined();
  });
});

describe('time zones', () => {
  it.each([
    ['Asia/Shanghai', 'Asia/Shanghai'],
    ['asia/shanghai', 'Asia/Shanghai'],
    ['America/New_York', 'America/New_York'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['GMT', 'UTC'],
    ['Shanghai', 'Asia/Shanghai'],
    ['new york', 'America/New_York'],
  ])('%s → %s', (text, want) => {
    expect(parseTimezone(text)).toEqual({ ok: true, value: want });
  });

  it('accepts the aliases Intl knows, under their canonical name', () => {
    const r = parseTimezone('US/Eastern');
    expect(r.ok).toBe(true);
    // Whatever name Intl settles on, it must keep New York's clock.
    const at = new Date('2025-07-01T12:00:00Z');
    const hour = (tz: string) => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' }).format(at);
    expect(r.ok && hour(r.value)).toBe(hour('America/New_York'));
  });

  it('refuses a typo and suggests the zone meant', () => {
    const r = parseTimezone('Asia/Shangai');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.suggestions[0]).toBe('Asia/Shanghai');
    const ny = parseTimezone('America/NewYork');
    expect(!ny.ok && ny.suggestions).toContain('America/New_York');
  });

  it('refuses nonsense, with no suggestion rather than a random one', () => {
    for (const t of ['', 'x'.repeat(80)]) expect(parseTimezone(t)).toEqual({ ok: false, suggestions: [] });
    expect(parseTimezone('not a zone at all').ok).toBe(false);
  });
});
