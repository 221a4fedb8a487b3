import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { fontFiles } from '../../src/charts/fonts.js';
import { toOption } from '../../src/charts/option.js';
import { ChartSpecError, renderPng, renderSvg } from '../../src/charts/render.js';
import type { ChartSpec } from '../../src/replies/chart.js';
import { allKinds } from './samples.js';

/** Pixels darker than mid-grey: ink, as opposed to the white background. */
function ink(png: Buffer): number {
  const img = PNG.sync.read(png);
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if (img.data[i]! + img.data[i + 1]! + img.data[i + 2]! < 3 * 128 && img.data[i + 3]! > 0) n++;
  return n;
}

/** The data ECharts is given for each series, in order (band helpers included). */
function optionData(spec: ChartSpec): unknown[] {
  const series = toOption(spec).series;
  return (Array.isArray(series) ? series : [series]).map((s) => (s as { data?: unknown }).data);
}

describe('chart rendering', () => {
  for (const locale of ['en', 'zh'] as const) {
    for (const [kind, spec] of Object.entries(allKinds(locale))) {
      it(`${kind} (${locale}): a PNG that decodes, at the spec's size`, () => {
        const out = renderPng(spec);
        const img = PNG.sync.read(out.png);
        expect([img.width, img.height]).toEqual([spec.width, spec.height]);
        expect([out.width, out.height]).toEqual([spec.width, spec.height]);
        expect(ink(out.png)).toBeGreaterThan(1000);
      });
    }
  }

  it('the numbers drawn are the numbers in the spec', () => {
    const { growth, cluster, buildout, compare } = allKinds();
    const g = growth.panels[0]!;
    // The band is drawn as its low edge plus its height stacked on top; the lines as given.
    expect(optionData(growth)).toEqual([g.band!.low, g.band!.high.map((h, i) => h - g.band!.low[i]!), ...g.series.map((s) => s.values), [[8, 7.5]]]);
    const cost = cluster.panels[1]!.series[0]!;
    expect(optionData(cluster)).toEqual([[70], cost.values, cost.values.map((_, i) => [i, cost.range!.low[i], cost.range!.high[i]])]);
    expect(optionData(buildout)).toEqual([buildout.panels[0]!.series[0]!.values]);
    expect(optionData(compare)).toEqual([[500, 24_000]]);
  });

  it('title, source line, provenance and value labels are text inside the image', () => {
    const { growth, buildout } = allKinds();
    const svg = renderSvg(growth);
    for (const text of [growth.title, growth.source, 'doubling every 3 yr', 'the episode, Eason Xu', '40%', '7.5%']) expect(svg).toContain(text.replace(/'/g, '&#39;'));
    expect(renderSvg(buildout)).toContain('48.4 · CF 93%');
  });

  it('values from different places name their origin per category; long provenance wraps instead of being cut', () => {
    const { cluster, buildout } = allKinds();
    expect(renderSvg(cluster)).toContain('US residential: the episode, Eason Xu');
    const long = 'the episode, Eason Xu (public figure: US wind capacity factor 32-35% (2013-2021); EIA Electric Power Monthly, Table 6.07.B, 2022) and more words to push it past the width';
    const plants = buildout.panels[0]!;
    const spec = { ...buildout, panels: [{ ...plants, series: [{ ...plants.series[0]!, pointProvenance: plants.categories.map(() => long) }] }] };
    const svg = renderSvg(spec);
    for (const word of long.split(' ')) expect(svg).toContain(word.replace(/'/g, '&#39;'));
    expect(svg).not.toContain('…');
  });

  it('the Chinese chart holds its Chinese labels, drawn from the packaged font', () => {
    const spec = allKinds('zh').growth;
    const svg = renderSvg(spec);
    for (const text of ['核聚变 电网 数据中心', '每 2.5 年翻倍', '节目给出的 2030 年数字', '年份', '硅谷101 E149 · Wattson 计算']) expect(svg).toContain(text);
  });

  it('the packaged fonts have the Chinese glyphs (without them resvg draws nothing)', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><text x="10" y="40" font-size="28" font-family="Noto Sans S Chinese">核聚变 电网 数据中心</text></svg>';
    const draw = (files: string[]) => new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: 'Noto Sans S Chinese' }, background: '#fff' }).render().asPng();
    expect(ink(draw([]))).toBe(0);
    expect(ink(draw(fontFiles()))).toBeGreaterThan(500);
  });

  it('a spec out of bounds is refused, not drawn', () => {
    const spec = allKinds().compare;
    expect(() => renderSvg({ ...spec, width: 50_000 })).toThrow(ChartSpecError);
    expect(() => renderSvg({ ...spec, panels: [{ ...spec.panels[0]!, series: [{ ...spec.panels[0]!.series[0]!, values: [1] }] }] })).toThrow(ChartSpecError);
    expect(() => renderSvg({ ...spec, panels: [{ ...spec.panels[0]!, series: [{ ...spec.panels[0]!.series[0]!, values: [1, Number.NaN] }] }] })).toThrow(ChartSpecError);
  });
});
