import type { FactUnit, FactValue } from '../facts/schema.js';
import type { Locale } from '../locale.js';
import { exactDigits, formatEn, formatNumber } from './format.js';

/** How each fact unit reads after a number, per language. Labels only: no factors here. */
const LABELS: Partial<Record<FactUnit, { en: string; zh: string }>> = {
  'Wh/day': { en: 'Wh/day', zh: '瓦时/天' },
  'kWh/day': { en: 'kWh/day', zh: '千瓦时（度）/天' },
  'MWh/day': { en: 'MWh/day', zh: '兆瓦时/天' },
  'GWh/day': { en: 'GWh/day', zh: '吉瓦时/天' },
  'kWh/year': { en: 'kWh/year', zh: '千瓦时（度）/年' },
  'MWh/year': { en: 'MWh/year', zh: '兆瓦时/年' },
  'GWh/year': { en: 'GWh/year', zh: '吉瓦时/年' },
  'TWh/year': { en: 'TWh/year', zh: '太瓦时/年' },
  kWh: { en: 'kWh', zh: '千瓦时（度）' },
  MWh: { en: 'MWh', zh: '兆瓦时' },
  GWh: { en: 'GWh', zh: '吉瓦时' },
  TWh: { en: 'TWh', zh: '太瓦时' },
  kW: { en: 'kW', zh: '千瓦' },
  MW: { en: 'MW', zh: '兆瓦' },
  GW: { en: 'GW', zh: '吉瓦' },
  TW: { en: 'TW', zh: '太瓦' },
  USD: { en: 'US dollars', zh: '美元' },
  CNY: { en: 'yuan', zh: '元' },
  'USD/kWh': { en: 'USD/kWh', zh: '美元/千瓦时' },
  'USD/MWh': { en: 'USD/MWh', zh: '美元/兆瓦时' },
  'CNY/kWh': { en: 'yuan/kWh', zh: '元/千瓦时' },
  'USD/g': { en: 'USD/g', zh: '美元/克' },
  'CNY/g': { en: 'yuan/g', zh: '元/克' },
  'USD/year': { en: 'USD a year', zh: '美元/年' },
  'USD/MW/year': { en: 'USD per MW a year', zh: '美元/兆瓦/年' },
  second: { en: 'seconds', zh: '秒' },
  minute: { en: 'minutes', zh: '分钟' },
  hour: { en: 'hours', zh: '小时' },
  day: { en: 'days', zh: '天' },
  month: { en: 'months', zh: '个月' },
  year: { en: 'years', zh: '年' },
  percent: { en: '%', zh: '%' },
  'percent/year': { en: '% a year', zh: '%/年' },
  times: { en: '×', zh: '倍' },
  GPU: { en: 'GPUs', zh: '块 GPU' },
  household: { en: 'households', zh: '户' },
  'data center': { en: 'data centres', zh: '个数据中心' },
  reactor: { en: 'reactors', zh: '座反应堆' },
  plant: { en: 'plants', zh: '座电站' },
  company: { en: 'companies', zh: '家公司' },
  person: { en: 'people', zh: '人' },
  query: { en: 'queries', zh: '次查询' },
  parameter: { en: 'parameters', zh: '个参数' },
  count: { en: '', zh: '' },
  kelvin: { en: 'K', zh: 'K' },
  tesla: { en: 'T', zh: '特斯拉' },
  tonne: { en: 'tonnes', zh: '吨' },
  km2: { en: 'km²', zh: '平方公里' },
  m3: { en: 'm³', zh: '立方米' },
};

export function unitLabel(unit: FactUnit, locale: Locale): string {
  return LABELS[unit]?.[locale] ?? unit;
}

const TIGHT = new Set<FactUnit>(['percent', 'percent/year', 'times']);

function moneyEn(n: number): string {
  const abs = Math.abs(n);
  const words: Array<[number, string]> = [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ];
  for (const [size, word] of words) if (abs >= size) return `${formatEn(n / size, exactDigits(n / size))} ${word}`;
  return formatEn(n, exactDigits(n));
}

function number(n: number, unit: FactUnit, locale: Locale): string {
  if (locale === 'en' && (unit === 'USD' || unit === 'CNY' || unit === 'USD/year')) return moneyEn(n);
  return formatNumber(n, locale, exactDigits(n));
}

/** A calendar year stored as a value ("by 2028"), as opposed to a duration ("2 years"). */
export function isCalendarYear(v: FactValue): boolean {
  return v.unit === 'year' && Number.isInteger(v.value) && v.value >= 1900 && v.value <= 2100;
}

/** A fact value as the episode stated it: "500,000 kWh/day", "20–30 kWh/day", "50万千瓦时（度）/天". */
export function formatFactValue(v: FactValue, locale: Locale): string {
  if (isCalendarYear(v)) {
    const range = v.low !== undefined && v.high !== undefined ? `${v.low}–${v.high}` : String(v.value);
    return locale === 'zh' ? `${range} 年` : range;
  }
  const label = unitLabel(v.unit, locale);
  const prefix = locale === 'en' && v.unit.startsWith('USD') && !v.unit.includes('/') ? '$' : '';
  const unitText = prefix ? (v.unit === 'USD' ? '' : ` ${label}`) : label;
  const amount = v.low !== undefined && v.high !== undefined ? `${number(v.low, v.unit, locale)}–${number(v.high, v.unit, locale)}` : `${number(v.value, v.unit, locale)}`;
  if (!unitText) return `${prefix}${amount}`;
  const joiner = TIGHT.has(v.unit) || locale === 'zh' ? '' : ' ';
  return `${prefix}${amount}${joiner}${unitText.trim()}`;
}
