import Fuse from 'fuse.js';

/**
 * What people type for a time of day and a time zone, turned into `HH:MM` and a canonical IANA
 * name. Anything else is refused with suggestions: a wrong zone silently accepted would post at
 * the wrong hour every day.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; suggestions: string[] };

const pad = (n: number) => String(n).padStart(2, '0');

/** "09:00", "9:30", "21:30", "9", "9am", "9:30 pm", "12am", "21点30": the 24-hour clock unless am/pm says otherwise. */
export function parseTime(text: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, '').replace(/[.：]/g, ':');
  let m = /^(\d{1,2})(?::(\d{2}))?(am|pm|a|p)$/.exec(t);
  if (m) {
    const h = Number(m[1]);
    const min = m[2] === undefined ? 0 : Number(m[2]);
    if (h < 1 || h > 12 || min > 59) return undefined;
    const pm = m[3]!.startsWith('p');
    return `${pad((h % 12) + (pm ? 12 : 0))}:${pad(min)}`;
  }
  m = /^(\d{1,2})(?::(\d{2}))?$/.exec(t) ?? /^(\d{1,2})(?:h|点|時|时)(?:(\d{1,2})分?)?$/.exec(t);
  if (m) {
    const h = Number(m[1]);
    const min = m[2] === undefined ? 0 : Number(m[2]);
    if (h > 23 || min > 59) return undefined;
    return `${pad(h)}:${pad(min)}`;
  }
  return undefined;
}

let zoneList: string[] | undefined;
let fuse: Fuse<string> | undefined;

/** Every canonical zone, plus UTC, which Intl lists under Etc/ or not at all. */
export function zones(): string[] {
  zoneList ??= [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];
  return zoneList;
}

function canonical(name: string): string | undefined {
  try {
    const tz = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
    // Intl reports UTC's aliases (Etc/UTC, GMT, Z...) as "UTC"; keep that short form.
    return /^(etc\/)?(utc|gmt|uct|zulu|universal|greenwich)$/i.test(tz) ? 'UTC' : tz;
  } catch {
    return undefined;
  }
}

/**
 * An IANA name in any case ("asia/shanghai"), an alias Intl knows ("US/Eastern", "GMT"), or a
 * city that names exactly one zone ("Shanghai", "new york").
 */
export function parseTimezone(text: string): Parsed<string> {
  const t = text.trim();
  if (!t || t.length > 64) return { ok: false, suggestions: [] };
  const direct = canonical(t) ?? canonical(t.replace(/\s+/g, '_'));
  if (direct) return { ok: true, value: direct };
  const city = t.replace(/\s+/g, '_').toLowerCase();
  const byCity = zones().filter((z) => z.split('/').pop()!.toLowerCase() === city);
  if (byCity.length === 1) return { ok: true, value: byCity[0]! };
  fuse ??= new Fuse(zones(), { threshold: 0.4, ignoreLocation: true });
  const suggestions = [...new Set([...byCity, ...fuse.search(t.replace(/\s+/g, '_'), { limit: 3 }).map((r) => r.item)])].slice(0, 3);
  return { ok: false, suggestions };
}
