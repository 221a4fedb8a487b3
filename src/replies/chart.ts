import type { Locale } from '../locale.js';

/**
 * The neutral chart model: data only, no charting library's types, so that a reply can carry a
 * chart the way it carries a table, every renderer (PNG, Unicode, JSON) reads the same numbers,
 * and the library behind the PNG can change without touching a command.
 *
 * All text in a spec (title, axis labels, series names, provenance) is already in the spec's
 * locale: renderers translate nothing, they only lay out.
 */

/**
 * What the chart draws: lines over years (growth), bars (build-out, compare), or bars with
 * error bars for a range (cluster costs).
 */
export type ChartKind = 'line' | 'bar' | 'errorbar';

export interface ChartAxis {
  /** What the axis measures ("Share of US electricity"). */
  label: string;
  /** Unit shown beside the label and after each value ("%", "MW", "USD"); '' for none. */
  unit: string;
  /** Logarithmic (base 10): for values that differ by more than a hundredfold. */
  log?: boolean;
}

export interface ChartSeries {
  name: string;
  /** One value per category, in the panel's category order. */
  values: number[];
  /** Where the numbers come from ("the episode, Eason Xu", "Wattson's arithmetic: …"). */
  provenance: string;
  /** A range around each value, drawn as error bars (the low and high ends of a price). */
  range?: { low: number[]; high: number[] };
  /** Text drawn at each value ("48 plants"); otherwise the formatted value. */
  labels?: string[];
  /**
   * Where each value comes from, when the values do not share one origin (each plant kind's
   * capacity factor, each price): the image then names the origin per category.
   */
  pointProvenance?: string[];
}

/** A shaded band between two curves, e.g. the slow and fast ends of a doubling-time range. */
export interface ChartBand {
  name: string;
  low: number[];
  high: number[];
  provenance: string;
}

/** A single marked figure, e.g. the episode's own 2030 number beside a projection. */
export interface ChartMark {
  category: string;
  value: number;
  label: string;
  provenance: string;
}

/** One plot area. Most charts have one; a cluster chart has power and cost side by side. */
export interface ChartPanel {
  title?: string;
  /** The x positions: years, plant kinds, the two things compared. */
  categories: string[];
  x: ChartAxis;
  y: ChartAxis;
  series: ChartSeries[];
  band?: ChartBand;
  marks?: ChartMark[];
}

export interface ChartSpec {
  kind: ChartKind;
  locale: Locale;
  title: string;
  /** The citation line drawn in the image ("Silicon Valley 101 E149 · Wattson's arithmetic"). */
  source: string;
  panels: ChartPanel[];
  /** Pixel size of the PNG. */
  width: number;
  height: number;
}

/** Readable in a chat column at full size, and about 40 KB as a PNG. */
export const DEFAULT_SIZE = { width: 800, height: 500 } as const;
