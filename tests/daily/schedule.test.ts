import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueNow, endOfLocalDay, fireOn, localDate, nextFire, nextPostAt } from '../../src/daily/schedule.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const ms = (s: string) => Date.parse(s);
const NY = 'America/New_York';
const SH = 'Asia/Shanghai';

describe('fire times across daylight saving (America/New_York)', () => {
  it('spring forward: 02:30 does not exist on 9 March 2025, so that day posts at 03:00 EDT, once', () => {
    const w = { time: '02:30', timezone: NY };
    expect(iso(fireOn(w, '2025-03-08'))).toBe('2025-03-08T07:30:00.000Z'); // 02:30 EST
    expect(iso(fireOn(w, '2025-03-09'))).toBe('2025-03-09T07:00:00.000Z'); // 03:00 EDT, right after the gap
    expect(iso(fireOn(w, '2025-03-10'))).toBe('2025-03-10T06:30:00.000Z'); // 02:30 EDT
    const fires = [nextFire(w, ms('2025-03-08T12:00:00Z'))];
    for (let i = 0; i < 2; i++) fires.push(nextFire(w, fires.at(-1)!));
    expect(fires.map((t) => localDate(t, NY))).toEqual(['2025-03-09', '2025-03-10', '2025-03-11']);
  });

  it('fall back: 01:30 happens twice on 2 November 2025 and fires once, the first time', () => {
    const w = { time: '01:30', timezone: NY };
    expect(iso(fireOn(w, '2025-11-02'))).toBe('2025-11-02T05:30:00.000Z'); // 01:30 EDT
    // From the first 01:30, the next fire is the next day, not the second 01:30 (06:30Z, EST).
    expect(iso(nextFire(w, ms('2025-11-02T05:30:00Z')))).toBe('2025-11-03T06:30:00.000Z');
    expect(iso(nextFire(w, ms('2025-11-02T06:00:00Z')))).toBe('2025-11-03T06:30:00.000Z');
  });

  it('09:00 stays 09:00 local on both sides of each change', () => {
    const w = { time: '09:00', timezone: NY };
    expect(iso(fireOn(w, '2025-03-08'))).toBe('2025-03-08T14:00:00.000Z');
    expect(iso(fireOn(w, '2025-03-09'))).toBe('2025-03-09T13:00:00.000Z');
    expect(iso(fireOn(w, '2025-11-01'))).toBe('2025-11-01T13:00:00.000Z');
    expect(iso(fireOn(w, '2025-11-02'))).toBe('2025-11-02T14:00:00.000Z');
  });

  it('midnight and 23:59 on the change days', () => {
    expect(iso(fireOn({ time: '00:00', timezone: NY }, '2025-03-09'))).toBe('2025-03-09T05:00:00.000Z');
    expect(iso(fireOn({ time: '23:59', timezone: NY }, '2025-03-09'))).toBe('2025-03-10T03:59:00.000Z');
    expect(iso(fireOn({ time: '00:00', timezone: NY }, '2025-11-02'))).toBe('2025-11-02T04:00:00.000Z');
    expect(iso(fireOn({ time: '23:59', timezone: NY }, '2025-11-02'))).toBe('2025-11-03T04:59:00.000Z');
  });

  it('the day ends at local midnight, 23 or 25 hours after the start on change days', () => {
    expect(endOfLocalDay(NY, '2025-03-09') - ms('2025-03-09T05:00:00Z')).toBe(23 * 3_600_000);
    expect(endOfLocalDay(NY, '2025-11-02') - ms('2025-11-02T04:00:00Z')).toBe(25 * 3_600_000);
  });
});

describe('Asia/Shanghai, 00:00 and 23:59', () => {
  it('a local day that starts on the previous UTC day', () => {
    expect(iso(fireOn({ time: '00:00', timezone: SH }, '2025-03-10'))).toBe('2025-03-09T16:00:00.000Z');
    expect(iso(fireOn({ time: '23:59', timezone: SH }, '2025-03-10'))).toBe('2025-03-10T15:59:00.000Z');
    expect(iso(fireOn({ time: '09:00', timezone: SH }, '2025-03-10'))).toBe('2025-03-10T01:00:00.000Z');
    expect(localDate(ms('2025-03-09T16:00:00Z'), SH)).toBe('2025-03-10');
    expect(localDate(ms('2025-03-09T15:59:59Z'), SH)).toBe('2025-03-09');
  });

  it('23:59 in New York is the next UTC day but keeps its local date', () => {
    const w = { time: '23:59', timezone: NY, activeSince: 0 };
    expect(dueNow(w, ms('2025-06-11T03:59:30Z'))).toEqual({ date: '2025-06-10', at: ms('2025-06-11T03:59:00Z') });
    // A minute later it is the 11th in New York, whose 23:59 is still ahead.
    expect(dueNow(w, ms('2025-06-11T04:00:30Z'))).toBeUndefined();
  });

  it('00:00 UTC is due from the first minute of the day until its end', () => {
    const w = { time: '00:00', timezone: 'UTC', activeSince: 0 };
    expect(dueNow(w, ms('2025-03-10T00:00:00Z'))?.date).toBe('2025-03-10');
    expect(dueNow(w, ms('2025-03-10T23:59:59Z'))?.date).toBe('2025-03-10');
    expect(dueNow(w, ms('2025-03-09T23:59:59Z'))?.date).toBe('2025-03-09');
  });

  it('for any zone, time and day, the fire is on that local day at that wall time (or just after a gap)', () => {
    const zones = [NY, SH, 'UTC', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 730 }), (tz, h, m, day) => {
        const date = new Date(ms('2024-01-01T00:00:00Z') + day * 86_400_000).toISOString().slice(0, 10);
        const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        const at = fireOn({ time, timezone: tz }, date);
        expect(at).toBeDefined();
        expect(localDate(at!, tz)).toBe(date);
        const wall = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at!);
        // Equal, or later by at most the size of a DST gap (an hour; 30 minutes at Lord Howe).
        const diff = Number(wall.slice(0, 2)) * 60 + Number(wall.slice(3)) - (h * 60 + m);
        expect(diff >= 0 && diff <= 60, `${tz} ${date} ${time} fired at ${wall}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the catch-up rule', () => {
  const sub = { time: '09:00', timezone: 'UTC', activeSince: ms('2025-01-01T00:00:00Z') };

  it('a post missed earlier the same day is due on start', () => {
    expect(dueNow(sub, ms('2025-03-10T08:59:59Z'))).toBeUndefined();
    expect(dueNow(sub, ms('2025-03-10T11:30:00Z'))).toEqual({ date: '2025-03-10', at: ms('2025-03-10T09:00:00Z') });
  });

  it('a day missed entirely is never due the next day: only today is ever considered', () => {
    // Down from 2025-03-10T08:00 to 2025-03-11T08:30: the 10th's post is simply not owed.
    for (const now of ['2025-03-11T00:00:00Z', '2025-03-11T08:30:00Z', '2025-03-11T08:59:59Z']) {
      expect(dueNow(sub, ms(now))?.date).not.toBe('2025-03-10');
    }
    expect(dueNow(sub, ms('2025-03-11T09:00:00Z'))?.date).toBe('2025-03-11');
  });

  it("a subscription made after today's time starts tomorrow", () => {
    const fresh = { ...sub, activeSince: ms('2025-03-10T10:00:00Z') };
    expect(dueNow(fresh, ms('2025-03-10T10:00:01Z'))).toBeUndefined();
    expect(iso(nextPostAt(fresh, ms('2025-03-10T10:00:01Z'), () => false))).toBe('2025-03-11T09:00:00.000Z');
    expect(dueNow(fresh, ms('2025-03-11T09:00:00Z'))?.date).toBe('2025-03-11');
  });

  it('the next post skips a day that already has its post', () => {
    const taken = new Set(['2025-03-11']);
    expect(iso(nextPostAt(sub, ms('2025-03-11T07:00:00Z'), (d) => taken.has(d)))).toBe('2025-03-12T09:00:00.000Z');
  });
});
