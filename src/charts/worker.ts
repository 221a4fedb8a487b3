import type { ChartSpec } from '../replies/chart.js';
import { type RenderedChart, renderPng } from './render.js';

/**
 * The chart pool's worker: one render per task. Importing ./render.js here, at the worker's
 * start, is what moves ECharts' and resvg's start-up (about a second) off the first chart.
 */
export default function render(spec: ChartSpec): RenderedChart {
  return renderPng(spec);
}
