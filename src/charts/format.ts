import type { ChartSpec } from '../replies/chart.js';

/** How chart numbers read, in the PNG and in the Unicode chart alike. */

/**
 * Axis ticks and value labels: short forms (61M, 6132万) in the spec's locale, as Intl writes
 * them. Made on first use: a formatter costs milliseconds to create, and most starts draw no chart.
 */
const COMPACT: Partial<Record<ChartSpec['locale'], Intl.NumberFormat>> = {};

export function compact(n: number, locale: ChartSpec['locale']): string {
  const f = (COMPACT[locale] ??= new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US', { notation: 'compact', maximumSignificantDigits: 3 }));
  return f.format(n);
}

export function withUnit(n: number, unit: string, locale: ChartSpec['locale']): string {
  if (unit === '%') return `${compact(n, locale)}%`;
  if (unit === 'USD') return locale === 'zh' ? `${compact(n, locale)}美元` : `$${compact(n, locale)}`;
  return unit ? `${compact(n, locale)} ${unit}` : compact(n, locale);
}
