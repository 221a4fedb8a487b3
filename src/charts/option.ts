import type { BarSeriesOption, CustomSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GraphicComponentOption, GridComponentOption, LegendComponentOption, TitleComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { format } from 'echarts/dist/echarts.esm.min.mjs';
import type { ChartPanel, ChartSpec } from '../replies/chart.js';
import { fontFamily } from './fonts.js';
import { compact, withUnit } from './format.js';

/**
 * ChartSpec → ECharts option: the only place that knows ECharts' vocabulary. Layout is fixed
 * bands from top to bottom (title, legend, plot, provenance lines, source line) so that text
 * never lands on the plot; inside the plot band ECharts shrinks the grid until the axis labels
 * and names fit (`outerBoundsMode: 'same'`).
 */

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | ScatterSeriesOption | CustomSeriesOption | TitleComponentOption | LegendComponentOption | GridComponentOption | GraphicComponentOption
>;

const PAD = 20;
const TITLE_SIZE = 18;
const TEXT_SIZE = 12;
const FOOT_SIZE = 11;
const FOOT_LINE = 16;
/** Provenance and source lines the footer holds at most; the plot keeps the rest of the height. */
const MAX_FOOT_LINES = 8;
/**
 * ECharts measures text without the real font (there is no canvas on the server): its estimate
 * ran up to ~5% short on mixed Chinese and Latin lines, so lines are broken a little early.
 */
const WRAP_MARGIN = 0.92;
const GREY = '#666';
const BAND = 'rgba(66, 105, 208, 0.12)';
const MARK = '#222';
// Blue, green, red first: three scenarios stay apart on a white background and in greyscale.
const COLORS = ['#4269d0', '#3ca951', '#ff725c', '#a463f2', '#efb118', '#6cc5b0'];

/** Money is given in USD; Chinese readers see 美元. */
function unitName(unit: string, locale: ChartSpec['locale']): string {
  return unit === 'USD' && locale === 'zh' ? '美元' : unit;
}

/** Tick labels: the unit is in the axis name, except the symbols that read as part of a number ($, %). */
function tick(n: number, unit: string, locale: ChartSpec['locale']): string {
  if (unit === '%' || (unit === 'USD' && locale !== 'zh')) return withUnit(n, unit, locale);
  return compact(n, locale);
}

function axisName(label: string, unit: string): string {
  if (!unit) return label;
  return label ? `${label} (${unit})` : unit;
}

/** One line per distinct origin, naming what it covers: the provenance printed inside the image. */
export function provenanceLines(spec: ChartSpec): string[] {
  const byOrigin = new Map<string, string[]>();
  const add = (what: string, origin: string) => {
    const names = byOrigin.get(origin) ?? [];
    if (!names.includes(what)) names.push(what);
    byOrigin.set(origin, names);
  };
  for (const p of spec.panels) {
    for (const s of p.series) {
      if (!s.pointProvenance) add(s.name, s.provenance);
      else for (const [i, origin] of s.pointProvenance.entries()) add(p.categories[i]!, origin);
    }
    if (p.band && !byOrigin.has(p.band.provenance)) add(p.band.name, p.band.provenance);
    for (const m of p.marks ?? []) add(m.label, m.provenance);
  }
  const sep = spec.locale === 'zh' ? '：' : ': ';
  return [...byOrigin].map(([origin, names]) => `${names.join(spec.locale === 'zh' ? '、' : ', ')}${sep}${origin}`);
}

/**
 * Breaks a footer line to the image's width, measured by ECharts itself (truncateText tells how
 * much fits), at a space where there is one, so provenance is wrapped rather than cut off.
 */
function wrap(text: string, width: number, font: string): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest) {
    const fit = format.truncateText(rest, width, font, '');
    if (fit.length >= rest.length) {
      lines.push(rest);
      break;
    }
    const space = fit.lastIndexOf(' ');
    const cut = space > fit.length / 2 ? space : Math.max(1, fit.length);
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  return lines;
}

function hasLegend(spec: ChartSpec): boolean {
  return spec.kind === 'line' || spec.panels.some((p) => p.series.length > 1);
}

/** The low edge of a log axis: the power of ten below the smallest value, so bars start from the floor. */
function logFloor(p: ChartPanel): number {
  const all = p.series.flatMap((s) => [...s.values, ...(s.range?.low ?? [])]).filter((v) => v > 0);
  return 10 ** Math.floor(Math.log10(Math.min(...all)));
}

export function toOption(spec: ChartSpec): ChartOption {
  const { locale, width } = spec;
  const family = fontFamily(locale);
  const boldFamily = fontFamily(locale, true);
  const legend = hasLegend(spec);
  const footFont = `${FOOT_SIZE}px ${family}`;
  const footer = [...provenanceLines(spec).map((text) => ({ text, fill: '#333' })), { text: spec.source, fill: GREY }]
    .flatMap(({ text, fill }) => wrap(text, (width - PAD * 2) * WRAP_MARGIN, footFont).map((line) => ({ line, fill })))
    .slice(0, MAX_FOOT_LINES);
  const multi = spec.panels.length > 1;
  const top = PAD + TITLE_SIZE + 12 + (legend ? 28 : 0) + (multi ? 24 : 0);
  const bottom = PAD / 2 + footer.length * FOOT_LINE + 8;
  const panelWidth = (width - PAD * 2 - (spec.panels.length - 1) * PAD) / spec.panels.length;

  const grid: GridComponentOption[] = spec.panels.map((_, i) => ({
    left: PAD + i * (panelWidth + PAD),
    width: panelWidth,
    top,
    bottom,
    outerBoundsMode: 'same',
    outerBoundsContain: 'all',
  }));

  const titles: TitleComponentOption[] = [
    { text: spec.title, left: PAD, top: PAD - 6, textStyle: { fontSize: TITLE_SIZE, fontWeight: 'bold', fontFamily: boldFamily, width: width - PAD * 2, overflow: 'truncate' } },
  ];
  if (multi) {
    spec.panels.forEach((p, i) => {
      if (p.title) titles.push({ text: p.title, left: PAD + i * (panelWidth + PAD), top: top - 24, textStyle: { fontSize: 13, fontWeight: 'bold', fontFamily: boldFamily } });
    });
  }

  const footText: GraphicComponentOption[] = footer.map(({ line, fill }, i) => ({
    type: 'text',
    left: PAD,
    bottom: PAD / 2 + (footer.length - 1 - i) * FOOT_LINE,
    style: { text: line, fill, font: footFont, width: width - PAD * 2, overflow: 'truncate', ellipsis: '…' },
  }));

  const xAxis = spec.panels.map((p, i) => ({
    type: 'category' as const,
    gridIndex: i,
    data: p.categories,
    name: axisName(p.x.label, p.x.unit),
    nameLocation: 'middle' as const,
    nameGap: 28,
    axisTick: { alignWithLabel: true },
    axisLabel: { interval: 0, fontSize: TEXT_SIZE, width: Math.max(60, panelWidth / Math.max(1, p.categories.length) - 8), overflow: 'break' as const },
  }));

  const yAxis = spec.panels.map((p, i) => ({
    type: p.y.log ? ('log' as const) : ('value' as const),
    gridIndex: i,
    ...(p.y.log && { logBase: 10, min: logFloor(p) }),
    name: multi && p.title ? unitName(p.y.unit, locale) : axisName(p.y.label, unitName(p.y.unit, locale)),
    nameTextStyle: { align: 'left' as const, fontSize: TEXT_SIZE },
    axisLabel: { fontSize: TEXT_SIZE, formatter: (v: number) => tick(v, p.y.unit, locale) },
  }));

  const series: ChartOption['series'] = [];
  const legendNames: string[] = [];
  let color = 0;
  spec.panels.forEach((p, pi) => {
    if (p.band) {
      // The band is ECharts' stacked-area idiom: an invisible series at the low edge, then the
      // height of the band stacked on it and filled.
      series.push({ type: 'line', name: `${p.band.name} (low)`, xAxisIndex: pi, yAxisIndex: pi, data: p.band.low, stack: `band${pi}`, symbol: 'none', lineStyle: { opacity: 0 }, silent: true, z: 1 });
      series.push({
        type: 'line',
        name: p.band.name,
        xAxisIndex: pi,
        yAxisIndex: pi,
        data: p.band.high.map((h, i) => h - p.band!.low[i]!),
        stack: `band${pi}`,
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: BAND },
        itemStyle: { color: BAND },
        silent: true,
        z: 1,
      });
      legendNames.push(p.band.name);
    }
    for (const s of p.series) {
      const c = COLORS[color++ % COLORS.length]!;
      legendNames.push(s.name);
      const labelFor = (i: number, v: number) => s.labels?.[i] ?? withUnit(v, p.y.unit, locale);
      if (spec.kind === 'line') {
        series.push({
          type: 'line',
          name: s.name,
          xAxisIndex: pi,
          yAxisIndex: pi,
          data: s.values,
          color: c,
          symbolSize: 6,
          z: 3,
          endLabel: { show: true, fontSize: TEXT_SIZE, formatter: (x: { value: unknown }) => withUnit(Number(x.value), p.y.unit, locale) },
        });
      } else {
        series.push({
          type: 'bar',
          name: s.name,
          xAxisIndex: pi,
          yAxisIndex: pi,
          data: s.values,
          color: c,
          barMaxWidth: 90,
          // A ranged bar carries its value inside, so the error bar above it stays clear; the
          // range itself is written over the error bar's top cap.
          label: s.range
            ? {
                show: true,
                position: 'insideBottom',
                distance: 10,
                color: '#fff',
                fontWeight: 'bold',
                fontFamily: boldFamily,
                fontSize: TEXT_SIZE,
                formatter: (x: { dataIndex: number; value: unknown }) => labelFor(x.dataIndex, Number(x.value)),
              }
            : { show: true, position: 'top', distance: 5, fontSize: TEXT_SIZE, formatter: (x: { dataIndex: number; value: unknown }) => labelFor(x.dataIndex, Number(x.value)) },
        });
        if (s.range) {
          const { low, high } = s.range;
          series.push({
            type: 'custom',
            name: `${s.name} (range)`,
            xAxisIndex: pi,
            yAxisIndex: pi,
            data: s.values.map((_, i) => [i, low[i]!, high[i]!]),
            z: 4,
            silent: true,
            // Error bars: ECharts has no built-in series for them; a custom series draws a
            // vertical line with caps from the low to the high value at each bar.
            renderItem: (_params, api) => {
              if (api.value(1) === api.value(2)) return null;
              const lo = api.coord([api.value(0), api.value(1)]);
              const hi = api.coord([api.value(0), api.value(2)]);
              const cap = 10;
              const x = lo[0]!;
              const style = { stroke: '#222', lineWidth: 1.5 };
              return {
                type: 'group',
                children: [
                  { type: 'line', shape: { x1: x, y1: lo[1]!, x2: x, y2: hi[1]! }, style },
                  { type: 'line', shape: { x1: x - cap, y1: lo[1]!, x2: x + cap, y2: lo[1]! }, style },
                  { type: 'line', shape: { x1: x - cap, y1: hi[1]!, x2: x + cap, y2: hi[1]! }, style },
                  {
                    type: 'text',
                    x,
                    y: hi[1]! - 4,
                    style: {
                      text: `${withUnit(Number(api.value(1)), p.y.unit, locale)}–${withUnit(Number(api.value(2)), p.y.unit, locale)}`,
                      align: 'center',
                      verticalAlign: 'bottom',
                      font: `${TEXT_SIZE}px ${family}`,
                      fill: '#222',
                    },
                  },
                ],
              };
            },
          });
        }
      }
    }
    for (const m of p.marks ?? []) {
      legendNames.push(m.label);
      series.push({
        type: 'scatter',
        name: m.label,
        xAxisIndex: pi,
        yAxisIndex: pi,
        data: [[p.categories.indexOf(m.category), m.value]],
        symbol: 'diamond',
        symbolSize: 14,
        color: MARK,
        z: 5,
        label: { show: true, position: 'left', distance: 8, color: MARK, fontWeight: 'bold', fontFamily: boldFamily, fontSize: TEXT_SIZE, formatter: () => withUnit(m.value, p.y.unit, locale) },
      });
    }
  });

  return {
    animation: false,
    backgroundColor: '#fff',
    textStyle: { fontFamily: family },
    title: titles,
    ...(legend && { legend: { data: legendNames, left: PAD, top: PAD + TITLE_SIZE + 10, itemWidth: 18, itemHeight: 10, textStyle: { fontSize: TEXT_SIZE } } }),
    grid,
    xAxis,
    yAxis,
    series,
    graphic: footText,
  };
}
