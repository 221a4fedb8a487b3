import type { ChartSpec } from '../replies/chart.js';

/** How chart numbers read, in the PNG and in the Unicode chart alike. */

/** Axis ticks and value labels: short forms (61M, 6132万) in the spec's locale, as Intl writes them. */
const COMPACT = {
  en: new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 }),
  zh: new Intl.NumberFormat('zh-CN', { notation: 'compact', maximumSignificantDigits: 3 }),
};

export function compact(n: number, locale: ChartSpec['locale']): string {
  return COMPACT[locale].format(n);
}

export function withUnit(n: number, unit: string, locale: ChartSpec['locale']): string {
  if (unit === '%') return `${compact(n, locale)}%`;
  if (unit === 'USD') return locale === 'zh' ? `${compact(n, locale)}美元` : `$${compact(n, locale)}`;
  return unit ? `${compact(n, locale)} ${unit}` : compact(n, locale);
}
