import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { startConsole } from '../../src/adapters/console/chat.js';
import { type ChartRenderer, chartImage } from '../../src/charts/image.js';
import { createChartPool } from '../../src/charts/pool.js';
import { renderPng, renderSvg } from '../../src/charts/render.js';
import type { Runtime } from '../../src/dispatch/execute.js';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime, withServices } from '../../src/dispatch/runtime.js';
import { type Locale, say } from '../../src/locale.js';
import { silentLogger } from '../../src/log.js';
import { formatNumber } from '../../src/quantities/format.js';
import type { ChartSpec } from '../../src/replies/chart.js';
import type { Block, Reply } from '../../src/replies/model.js';
import { renderPlain } from '../../src/replies/plain.js';

/**
 * Charts on answers: the commands attach a chart whose numbers are the ones the text shows,
 * drawn as a PNG of the stated size; and a renderer that throws or never answers costs the
 * answer its picture, never its text.
 */

const rt = createRuntime({ log: silentLogger() });

async function answer(line: string, locale: Locale, r: Runtime = rt): Promise<{ reply: Reply; spec: ChartSpec }> {
  const { reply } = await executeLine(line, locale, r);
  expect(reply.kind).not.toBe('error');
  expect(reply.chart).toBeDefined();
  return { reply, spec: reply.chart! };
}

const tables = (r: Reply) => r.blocks.filter((b): b is Extract<Block, { type: 'table' }> => b.type === 'table');
const figureValues = (r: Reply) => r.blocks.flatMap((b) => (b.type === 'figures' ? b.figures.map((f) => f.value) : []));
const sig3 = (n: number, locale: Locale) => formatNumber(n, locale, 3);

function decodes(spec: ChartSpec): void {
  const out = renderPng(spec);
  const img = PNG.sync.read(out.png);
  expect([img.width, img.height]).toEqual([spec.width, spec.height]);
  expect([out.width, out.height]).toEqual([800, 500]);
}

describe('answers with charts', () => {
  for (const locale of ['en', 'zh'] as const) {
    it(`/project growth (${locale}): one line per scenario, the table's numbers, the episode's target marked`, async () => {
      const { reply, spec } = await answer('/project growth preset=dc-share', locale);
      expect(spec.kind).toBe('line');
      const [table] = tables(reply);
      const panel = spec.panels[0]!;
      expect(panel.categories).toEqual(table!.rows.map((r) => r[0]));
      expect(panel.series.map((s) => s.name)).toEqual(table!.columns.slice(1));
      for (const [j, s] of panel.series.entries()) expect(s.values.map((v) => `${sig3(v, locale)}%`)).toEqual(table!.rows.map((r) => r[j + 1]));
      expect(panel.band).toBeDefined();
      expect(panel.y.unit).toBe('%');
      expect(panel.marks?.[0]).toMatchObject({ category: '2030', value: 7.5 });
      expect(spec.source).toBe(say(locale, "Silicon Valley 101 E149 · Wattson's arithmetic", '硅谷101 E149 · Wattson 计算'));
      decodes(spec);
    });

    it(`/project cluster (${locale}): power and each cost, with the wholesale range as error bars`, async () => {
      const { reply, spec } = await answer('/project cluster preset=h100-100k', locale);
      expect(spec.kind).toBe('errorbar');
      const values = figureValues(reply).join('\n');
      const [power, cost] = spec.panels;
      expect(values).toContain(`${sig3(power!.series[0]!.values[0]!, locale)} MW`);
      const s = cost!.series[0]!;
      for (const usd of s.values) expect(values).toContain(`$${sig3(usd, locale)}`);
      expect(s.range).toBeDefined();
      for (const [i, lo] of s.range!.low.entries()) {
        if (lo !== s.range!.high[i]) expect(values).toContain(`$${sig3(lo, locale)}–$${sig3(s.range!.high[i]!, locale)}`);
      }
      decodes(spec);
    });

    it(`/project buildout (${locale}): plants per kind as bars, the capacity factor in each label`, async () => {
      const { reply, spec } = await answer('/project buildout', locale);
      const [table] = tables(reply);
      const s = spec.panels[0]!.series[0]!;
      expect(spec.panels[0]!.categories).toEqual(table!.rows.map((r) => r[0]));
      expect(s.values.map((v) => sig3(v, locale))).toEqual(table!.rows.map((r) => r[3]));
      for (const [i, label] of s.labels!.entries()) expect(label).toContain(table!.rows[i]![1]!);
      decodes(spec);
    });

    it(`/compare (${locale}): two bars in one unit, each labelled with its origin, log scale past 100×`, async () => {
      const { reply, spec } = await answer('/compare chatgpt-daily-energy vs nuclear plant', locale);
      const c = reply.data.compare!;
      const p = spec.panels[0]!;
      expect(p.series[0]!.values).toEqual([c.a.value, c.b.value]);
      expect(p.y.unit).toBe(c.unit);
      expect(p.y.log).toBe(true);
      const text = figureValues(reply).join('\n');
      for (const v of p.series[0]!.values) expect(text).toContain(`${sig3(v, locale)} ${c.unit}`);
      expect(p.series[0]!.pointProvenance).toHaveLength(2);
      decodes(spec);
    });
  }

  it('a compare within 100× keeps a linear axis', async () => {
    const { spec } = await answer('/compare ITER vs Helion', 'en');
    expect(spec.panels[0]!.y.log).toBeUndefined();
  });

  it("the Chinese chart's SVG holds its Chinese labels", async () => {
    const { spec } = await answer('/project growth preset=dc-share', 'zh');
    const svg = renderSvg(spec);
    for (const text of ['每 3 年翻倍', '每 2 年', '年份', '推算值', '节目自己的 2030 年数字', '硅谷101 E149 · Wattson 计算', '节目，']) expect(svg).toContain(text);
  });

  it('answers without a chart carry none', async () => {
    const { reply } = await executeLine('/convert 5 MW to kW', 'en', rt);
    expect(reply.chart).toBeUndefined();
  });
});

async function consoleSays(r: Runtime, line: string, opts: { chartDir: string; chartBudgetMs?: number }): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c: Buffer) => (printed += c.toString('utf8')));
  const done = startConsole(r, { input, output, ...opts });
  input.end(`${line}\n`);
  await done;
  return printed;
}

describe('the console', () => {
  it('prints the answer, a Unicode chart, and the path of the PNG it wrote', async () => {
    const pool = createChartPool({ timeoutMs: 20_000 });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'wattson-console-charts-'));
      const printed = await consoleSays(withServices(rt, { charts: pool }), '/project growth preset=dc-share', { chartDir: dir, chartBudgetMs: 20_000 });
      expect(printed).toContain('▁');
      const path = /Chart: (\S+\.png)/.exec(printed)?.[1];
      expect(path?.startsWith(dir)).toBe(true);
      const img = PNG.sync.read(readFileSync(path!));
      expect([img.width, img.height]).toEqual([800, 500]);
    } finally {
      await pool.close();
    }
  });
});

const throwing: ChartRenderer = { render: () => Promise.reject(new Error('renderer exploded')) };
const hanging: ChartRenderer = { render: () => new Promise(() => {}) };

describe('a chart that fails or never comes', () => {
  it('chartImage gives nothing, never an error, for a renderer that throws or hangs', async () => {
    const { spec } = await answer('/project buildout', 'en');
    expect(await chartImage(spec, throwing, { budgetMs: 1000, log: silentLogger() })).toBeUndefined();
    expect(await chartImage(spec, hanging, { budgetMs: 20, log: silentLogger() })).toBeUndefined();
    expect(await chartImage(spec, undefined, { budgetMs: 20, log: silentLogger() })).toBeUndefined();
  });

  for (const [name, renderer] of [
    ['throws', throwing],
    ['times out', hanging],
  ] as const) {
    it(`the console still prints the text answer (and its Unicode chart) when the renderer ${name}`, async () => {
      const printed = await consoleSays(withServices(rt, { charts: renderer }), '/project buildout', { chartDir: '/nonexistent/never-written', chartBudgetMs: 50 });
      const { reply } = await executeLine('/project buildout', 'en', rt);
      expect(printed).toContain(renderPlain(reply, 'en'));
      expect(printed).toContain('█');
      expect(printed).not.toContain('Chart: ');
      expect(printed).toContain('Bye.');
    });
  }
});
