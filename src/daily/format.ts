import type { Locale } from '../locale.js';

/** Instants as a channel reads them: in its own zone, with the zone's abbreviation, and in UTC. */

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: Locale, timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withDate}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-US', {
      timeZone,
      ...(withDate && { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formats.set(key, f);
  }
  return f;
}

export function formatLocal(ms: number, timeZone: string, locale: Locale): string {
  return format(locale, timeZone, true).format(new Date(ms));
}

/** "Tue, 11 Mar 2025, 09:00 EDT (13:00 UTC)"; the UTC part is left out for UTC itself. */
export function formatBoth(ms: number, timeZone: string, locale: Locale): string {
  const local = formatLocal(ms, timeZone, locale);
  if (timeZone === 'UTC') return local;
  return `${local} (${format(locale, 'UTC', false).format(new Date(ms))})`;
}
