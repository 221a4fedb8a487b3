import type { FactStore } from '../../facts/store.js';
import { type Locale, pick, say } from '../../locale.js';

/** The citation line every chart draws: "Silicon Valley 101 E149 · Wattson's arithmetic". */
export function chartSource(store: FactStore, locale: Locale): string {
  const e = store.episode;
  return `${pick(locale, e.show)} ${e.number} · ${say(locale, "Wattson's arithmetic", 'Wattson 计算')}`;
}
