import { Cron } from 'croner';

/**
 * When a subscription fires, computed by croner in the subscription's IANA zone. croner treats
 * a single-time pattern as fixed-time: a time inside a spring-forward gap fires when the clock
 * has jumped (02:30 → 03:00), and a time that happens twice at fall-back fires once, the first
 * time. Nothing here reads the real clock: every function takes the instant it reasons about.
 */

export interface When {
  time: string;
  timezone: string;
}

const crons = new Map<string, Cron>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cronFor(w: When): Cron {
  const key = `${w.time} ${w.timezone}`;
  let c = crons.get(key);
  if (!c) {
    const [h, m] = w.time.split(':').map(Number);
    c = new Cron(`${m} ${h} * * *`, { timezone: w.timezone, paused: true });
    crons.set(key, c);
  }
  return c;
}

/** The calendar date (YYYY-MM-DD) in `timezone` at instant `ms`. */
export function localDate(ms: number, timezone: string): string {
  let f = dateFormats.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timezone, f);
  }
  return f.format(new Date(ms));
}

/** The first fire strictly after `ms`. */
export function nextFire(w: When, ms: number): number {
  const next = cronFor(w).nextRun(new Date(ms));
  if (!next) throw new Error(`no next run for ${w.time} ${w.timezone}`);
  return next.getTime();
}

/** Earliest and latest UTC offsets in use anywhere: a local date starts within this window of UTC midnight. */
const MAX_AHEAD_MS = 14 * 3_600_000;

/** The fire on local date `date` (YYYY-MM-DD), or undefined if that day has none. */
export function fireOn(w: When, date: string): number | undefined {
  let t = nextFire(w, Date.parse(`${date}T00:00:00Z`) - MAX_AHEAD_MS - 1);
  for (let i = 0; i < 4; i++) {
    const d = localDate(t, w.timezone);
    if (d === date) return t;
    if (d > date) return undefined;
    t = nextFire(w, t);
  }
  return undefined;
}

/** The fire of the local day containing `ms` (which may be earlier or later than `ms`). */
export function fireToday(w: When, ms: number): { date: string; at: number | undefined } {
  const date = localDate(ms, w.timezone);
  return { date, at: fireOn(w, date) };
}

/** When the local day `date` ends: retries for that day's post stop here. */
export function endOfLocalDay(timezone: string, date: string): number {
  return fireOn({ time: '00:00', timezone }, nextDate(date)) ?? Date.parse(`${nextDate(date)}T00:00:00Z`) + MAX_AHEAD_MS;
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export interface Due {
  date: string;
  at: number;
}

/**
 * The catch-up rule in one place: a post is due if today's fire (in the subscription's zone)
 * has passed and came after the subscription was (re)started. Only today is ever considered,
 * so a day missed entirely during downtime is never posted late on the next day.
 */
export function dueNow(w: When & { activeSince: number }, ms: number): Due | undefined {
  const { date, at } = fireToday(w, ms);
  if (at === undefined || at > ms || at < w.activeSince) return undefined;
  return { date, at };
}

/** The next fire whose local date is not already taken (posted or failed); for status and the timer. */
export function nextPostAt(w: When & { activeSince: number }, ms: number, taken: (date: string) => boolean): number {
  let t = nextFire(w, Math.max(ms, w.activeSince - 1));
  for (let i = 0; i < 3 && taken(localDate(t, w.timezone)); i++) t = nextFire(w, t);
  return t;
}
