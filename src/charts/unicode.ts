import sparkly from 'sparkly';
import stringWidth from 'string-width';
import type { ChartPanel, ChartSpec } from '../replies/chart.js';
import { withUnit } from './format.js';

/**
 * A chart in plain text, from the same ChartSpec as the PNG, for the console and every text
 * fallback: a sparkline per line series (sparkly), a row of block characters per bar. Lines in
 * one panel share one scale, so their sparklines can be compared by eye; bars on a log axis
 * are scaled by their logarithm, as the image draws them.
 */

const BAR_CELLS = 24;
// Eighths of a cell, so a bar's length is drawn to 1/8 of a character.
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

function padEnd(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - stringWidth(s)));
}

/** `n` cells of bar, whole blocks then one partial block. */
export function bar(cells: number): string {
  const eighths = Math.round(Math.max(0, cells) * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

function lines(p: ChartPanel, spec: ChartSpec): string[] {
  const all = [...p.series.flatMap((s) => s.values), ...(p.marks ?? []).map((m) => m.value)];
  const scale = { minimum: Math.min(0, ...all), maximum: Math.max(...all) };
  const w = Math.max(...p.series.map((s) => stringWidth(s.name)));
  const span = `${p.categories[0]}–${p.categories.at(-1)}`;
  const out = p.series.map((s) => `${padEnd(s.name, w)}  ${sparkly(s.values, scale)}  ${withUnit(s.values[0]!, p.y.unit, spec.locale)} → ${withUnit(s.values.at(-1)!, p.y.unit, spec.locale)}`);
  out.unshift(`${padEnd('', w)}  ${span}`);
  for (const m of p.marks ?? []) out.push(`◆ ${m.category}: ${withUnit(m.value, p.y.unit, spec.locale)}  ${m.label}`);
  return out;
}

function bars(p: ChartPanel, spec: ChartSpec): string[] {
  const out: string[] = [];
  const w = Math.max(...p.categories.map((c) => stringWidth(c)));
  for (const s of p.series) {
    const values = s.values;
    const floor = p.y.log ? Math.min(...values.filter((v) => v > 0)) / 10 : 0;
    const size = (v: number) => (p.y.log ? Math.log10(Math.max(v, floor) / floor) : v);
    const max = Math.max(...values.map(size));
    values.forEach((v, i) => {
      const label = s.labels?.[i] ?? withUnit(v, p.y.unit, spec.locale);
      const lo = s.range?.low[i];
      const hi = s.range?.high[i];
      const range = lo !== undefined && hi !== undefined && lo !== hi ? ` (${withUnit(lo, p.y.unit, spec.locale)}–${withUnit(hi, p.y.unit, spec.locale)})` : '';
      out.push(`${padEnd(p.categories[i]!, w)}  ${bar(max > 0 ? (size(v) / max) * BAR_CELLS : 0)} ${label}${range}`);
    });
  }
  if (p.y.log) out.push(spec.locale === 'zh' ? '（对数刻度）' : '(log scale)');
  return out;
}

export function unicodeChart(spec: ChartSpec): string {
  const out = [spec.title];
  for (const p of spec.panels) {
    if (p.title && spec.panels.length > 1) out.push('', p.title);
    out.push(...(spec.kind === 'line' ? lines(p, spec) : bars(p, spec)));
  }
  return out.join('\n');
}
