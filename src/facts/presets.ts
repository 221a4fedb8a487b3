import * as z from 'zod';
import { lazily } from './lazily.js';
import type { FactProblem, StoredFact } from './load.js';
import { type Equivalence, FACT_UNITS, type FactValue, factSchemas } from './schema.js';

/**
 * /project's presets, as data (facts/presets.yaml): each names the facts its figures come
 * from, and is resolved against the store at load, so a preset whose fact changed shape stops
 * start-up with the file, the preset and the field at fault instead of projecting from a
 * stale figure.
 */

export const PRESETS_FILE = 'presets.yaml';

/** The presets file's schema, built on first use (see factSchemas). */
export const presetsSchemas = lazily(() => {
  const { bilingual } = factSchemas();
  const id = z.string().regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, 'a kebab-case id such as "dc-share"');
  const name = z.string().regex(/^[a-z][a-z0-9]*$/, 'a figure name such as "share"');
  const figureRef = z.strictObject({ fact: id, unit: z.enum(FACT_UNITS), nth: z.int().min(0).optional() });
  const note = z.strictObject({ figure: name.optional(), equivalence: id.optional(), worked: z.string().optional(), text: bilingual });

  const growthPreset = z.strictObject({
    id,
    choice: z.string().min(1).max(100),
    figures: z.record(name, figureRef),
    start: z.union([z.strictObject({ figure: name }), z.strictObject({ index: z.number().positive() })]),
    unit: bilingual,
    from: z.strictObject({ year_of: name, plus: z.int().optional() }),
    span: z.union([z.strictObject({ until_year_of: name }), z.strictObject({ years: z.int().min(1).max(50) })]),
    laws: z.union([z.strictObject({ doubling: name }), z.strictObject({ rates: z.array(z.strictObject({ figure: name.optional(), midpoint: z.literal(true).optional(), label: bilingual })).min(1) })]),
    notes: z.array(note),
    compare: z.strictObject({ figure: name, text: bilingual }).optional(),
  });

  const clusterPreset = z.strictObject({
    id,
    choice: z.string().min(1).max(100),
    figures: z.record(name, figureRef),
    gpus: name,
    watts: z.union([z.strictObject({ equivalence: id }), z.strictObject({ power: name })]),
    days: z.union([z.strictObject({ figure: name }), z.strictObject({ default: z.number().positive() })]),
    notes: z.array(note),
  });

  const plant = z.strictObject({
    id,
    choice: z.string().min(1).max(100),
    size: z.union([figureRef, z.strictObject({ watts: z.number().positive() })]),
    cf: figureRef,
    label: bilingual,
  });

  const presetsFile = z.strictObject({
    growth: z.array(growthPreset).min(1),
    cluster: z.array(clusterPreset).min(1),
    prices: z.array(figureRef.extend({ label: bilingual })).min(1),
    buildout: z.strictObject({ load: figureRef, plants: z.array(plant).min(1) }),
  });
  return { presetsFile, growthPreset, clusterPreset, note, figureRef };
});

export type PresetsFile = z.infer<ReturnType<typeof presetsSchemas>['presetsFile']>;
export type GrowthPresetData = z.infer<ReturnType<typeof presetsSchemas>['growthPreset']>;
export type ClusterPresetData = z.infer<ReturnType<typeof presetsSchemas>['clusterPreset']>;
type FigureRef = z.infer<ReturnType<typeof presetsSchemas>['figureRef']>;
export type PresetNote = z.infer<ReturnType<typeof presetsSchemas>['note']>;

/** A fact's value, found by unit (and position among values of that unit). */
export interface FactFigure {
  fact: StoredFact;
  value: FactValue;
}

export type Figures = Readonly<Record<string, FactFigure>>;

export interface GrowthPreset extends GrowthPresetData {
  resolved: Figures;
}

export interface ClusterPreset extends ClusterPresetData {
  resolved: Figures;
  equivalence?: Equivalence;
}

export interface Plant {
  id: string;
  choice: string;
  label: PresetsFile['buildout']['plants'][number]['label'];
  sizeW: number;
  /** The size as its figure states it ("50" for 50 MW), for the label. */
  size?: FactFigure;
  cf: FactFigure;
}

export interface Presets {
  growth: readonly GrowthPreset[];
  cluster: readonly ClusterPreset[];
  prices: readonly (FactFigure & { label: PresetsFile['prices'][number]['label'] })[];
  load: FactFigure;
  plants: readonly Plant[];
}

const WATTS: Record<string, number> = { W: 1, kW: 1e3, MW: 1e6, GW: 1e9, TW: 1e12 };

/** Resolves every figure reference; a reference that does not resolve is a problem, reported once, and the preset is dropped. */
/**
 * `declared` holds every fact id the files declare, broken facts included: a preset naming a
 * fact that failed validation is not a second problem, since the fact's own is reported.
 */
export function resolvePresets(
  data: PresetsFile,
  facts: readonly StoredFact[],
  equivalences: readonly Equivalence[],
  problems: FactProblem[],
  declared: ReadonlySet<string> = new Set(),
): Presets | undefined {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const at = (presetId: string, field: string, message: string) => problems.push({ file: PRESETS_FILE, factId: presetId, field, message });
  const figure = (presetId: string, field: string, ref: FigureRef): FactFigure | undefined => {
    const fact = byId.get(ref.fact);
    if (!fact) {
      if (!declared.has(ref.fact)) at(presetId, field, `names an unknown fact "${ref.fact}"`);
      return undefined;
    }
    const value = fact.values.filter((v) => v.unit === ref.unit)[ref.nth ?? 0];
    if (!value) at(presetId, field, `fact "${ref.fact}" has no value #${(ref.nth ?? 0) + 1} in ${ref.unit}`);
    return value ? { fact, value } : undefined;
  };
  const resolveAll = (presetId: string, refs: Record<string, FigureRef>, needed: readonly string[]): Figures | undefined => {
    const out: Record<string, FactFigure> = {};
    let ok = true;
    for (const [key, ref] of Object.entries(refs)) {
      const f = figure(presetId, `figures.${key}`, ref);
      if (f) out[key] = f;
      else ok = false;
    }
    for (const n of needed) {
      if (!(n in refs)) {
        at(presetId, 'figures', `has no figure "${n}", which the preset uses`);
        ok = false;
      }
    }
    return ok ? out : undefined;
  };
  const noteNames = (notes: readonly PresetNote[]) => notes.flatMap((n) => (n.figure ? [n.figure] : []));

  const growth: GrowthPreset[] = [];
  for (const p of data.growth) {
    const needed = [
      ...('figure' in p.start ? [p.start.figure] : []),
      p.from.year_of,
      ...('until_year_of' in p.span ? [p.span.until_year_of] : []),
      ...('doubling' in p.laws ? [p.laws.doubling] : p.laws.rates.flatMap((r) => (r.figure ? [r.figure] : []))),
      ...noteNames(p.notes),
      ...(p.compare ? [p.compare.figure] : []),
    ];
    const resolved = resolveAll(p.id, p.figures, needed);
    if (resolved) growth.push({ ...p, resolved });
  }
  const cluster: ClusterPreset[] = [];
  for (const p of data.cluster) {
    const needed = [p.gpus, ...('power' in p.watts ? [p.watts.power] : []), ...('figure' in p.days ? [p.days.figure] : []), ...noteNames(p.notes)];
    const resolved = resolveAll(p.id, p.figures, needed);
    let equivalence: Equivalence | undefined;
    if ('equivalence' in p.watts) {
      const wanted = p.watts.equivalence;
      equivalence = equivalences.find((e) => e.id === wanted);
      if (equivalence?.unit !== 'W') {
        at(p.id, 'watts.equivalence', `names no yardstick in W called "${wanted}"`);
        continue;
      }
    }
    if (resolved) cluster.push({ ...p, resolved, ...(equivalence && { equivalence }) });
  }
  const prices = data.prices.flatMap((p, i) => {
    const f = figure('prices', `prices[${i}]`, p);
    return f ? [{ ...f, label: p.label }] : [];
  });
  const load = figure('buildout', 'buildout.load', data.buildout.load);
  const plants: Plant[] = [];
  for (const p of data.buildout.plants) {
    const cf = figure(p.id, 'cf', p.cf);
    const size = 'fact' in p.size ? figure(p.id, 'size', p.size) : undefined;
    const sizeW = 'watts' in p.size ? p.size.watts : size ? size.value.value * (WATTS[size.value.unit] ?? Number.NaN) : Number.NaN;
    if ('fact' in p.size && size && !(size.value.unit in WATTS)) at(p.id, 'size', `is in ${size.value.unit}; a plant's size is a power (W to TW)`);
    if (!cf || !Number.isFinite(sizeW)) continue;
    plants.push({ id: p.id, choice: p.choice, label: p.label, sizeW, ...(size && { size }), cf });
  }
  return load ? { growth, cluster, prices, load, plants } : undefined;
}
