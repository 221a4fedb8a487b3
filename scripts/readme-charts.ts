import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { episodeCharts } from '../src/charts/episode-charts.js';
import { renderPng } from '../src/charts/render.js';
import { unicodeChart } from '../src/charts/unicode.js';
import { FACTS_DIR, PROJECT_ROOT } from '../src/facts/paths.js';
import { openStore } from '../src/facts/store.js';

/**
 * `npm run charts:readme`: the PNGs the README shows, one per chart kind in English and the
 * growth chart in Chinese, rendered from the fact store's figures into docs/charts/. Run it
 * again after a figure or the chart layout changes, and commit the PNGs.
 */

const out = join(PROJECT_ROOT, 'docs', 'charts');
mkdirSync(out, { recursive: true });
const store = openStore(FACTS_DIR);
const en = episodeCharts(store, 'en');
const jobs = [...Object.entries(en).map(([kind, spec]) => ({ file: `${kind}.png`, spec })), { file: 'growth.zh.png', spec: episodeCharts(store, 'zh').growth }];
for (const { file, spec } of jobs) {
  const { png, width, height } = renderPng(spec);
  writeFileSync(join(out, file), png);
  console.log(`docs/charts/${file}  ${width}×${height}  ${(png.length / 1024).toFixed(0)} KB`);
}
console.log(`\n${unicodeChart(en.growth)}`);
