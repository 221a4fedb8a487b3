import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRuntime } from '../src/dispatch/runtime.js';
import { type Evidence, FEATURES, features, judge, logOdds, type Match, type Model } from '../src/facts/confidence.js';
import { PROJECT_ROOT } from '../src/facts/paths.js';
import { loadQuestions, type Question } from '../src/facts/question-set.js';
import { silentLogger } from '../src/log.js';

/**
 * `npm run --silent ask:tune`: chooses how /ask's confidence is computed, on the labelled
 * tuning sets of the blind questions (tuning*.yaml) and nothing else (the test half is never read here).
 *
 * 1. Every tuning question is searched once; its evidence and whether the best fact is right
 *    (covered and correct = 1; a wrong fact or an uncovered question = 0) are kept.
 * 2. A logistic model of "the best fact is right" is fitted to the evidence.
 * 3. Thresholds on its log-odds are chosen: `decline` declines the target share of uncovered
 *    questions; `confident` keeps wrong facts presented as the answer under the target share
 *    of all questions; `ambiguousRatio` turns near-ties into a "did you mean" list only if
 *    that helps more than it costs.
 * 4. The same procedure is cross-validated (10 folds, split by fact like the blind set's halves)
 *    to show what to expect on facts it was not fitted on, and the model is printed for
 *    src/facts/confidence.ts.
 */

const BLIND = join(PROJECT_ROOT, 'tests', 'fixtures', 'ask-blind');
/** Every tuning set in the blind folder (tuning.yaml, tuning2.yaml, …); test.yaml never. */
const TUNING = readdirSync(BLIND)
  .filter((f) => /^tuning.*\.yaml$/.test(f))
  .sort()
  .map((f) => join(BLIND, f));
const CONFIDENCE_FILE = join(PROJECT_ROOT, 'src', 'facts', 'confidence.ts');
// The issue's own target for declines. At 0.96 (a point of margin) the second tuning set showed
// Chinese questions declined whose best fact was right (the search ranks the right fact first
// for 95% of them); 0.93 gains more recall but declines fewer of the questions it should.
const DECLINE_TARGET = 0.95;
// Under the issue's 1% with a margin. At 0.5% the confident threshold rose so far that plain
// questions ("ChatGPT每天用多少电？") were headed "closest match" although right; with the eighth and
// ninth sets' near misses, 0.75% did the same (the confident count fell by a tenth), so 0.9%.
const WRONG_TARGET = 0.009;
const FOLDS = 10;

interface Row {
  q: Question;
  evidence: Evidence;
  x: number[];
  /** The best fact is right. */
  y: number;
  /** The runner-up is right (for a covered question). */
  secondRight: boolean;
}

const rt = createRuntime({ log: silentLogger() });
const right = (q: Question, id: string | undefined) => id !== undefined && (id === q.expect || (q.also ?? []).includes(id));
const rows: Row[] = [];
for (const q of TUNING.flatMap((f) => loadQuestions(f))) {
  const r = rt.search.search(q.q);
  if (!r.substantive || !r.evidence) continue;
  rows.push({ q, evidence: r.evidence, x: features(r.evidence), y: !q.none && right(q, r.hits[0]?.fact.id) ? 1 : 0, secondRight: !q.none && right(q, r.hits[1]?.fact.id) });
}

/**
 * Logistic regression with an L2 penalty by plain gradient descent on standardised features:
 * nine features and a few hundred rows need nothing more, and the product only evaluates the
 * resulting dot product, so no model library ships with Wattson.
 */
function fitLogistic(train: readonly Row[], l2 = 1, steps = 4000, rate = 0.3): { weights: number[]; intercept: number } {
  const k = FEATURES.length;
  const mean = Array.from({ length: k }, (_, j) => train.reduce((a, r) => a + r.x[j]!, 0) / train.length);
  const sd = Array.from({ length: k }, (_, j) => Math.sqrt(train.reduce((a, r) => a + (r.x[j]! - mean[j]!) ** 2, 0) / train.length) || 1);
  const xs = train.map((r) => r.x.map((v, j) => (v - mean[j]!) / sd[j]!));
  const w = new Array<number>(k).fill(0);
  let b = 0;
  for (let step = 0; step < steps; step++) {
    const g = new Array<number>(k).fill(0);
    let gb = 0;
    xs.forEach((x, i) => {
      const z = b + x.reduce((a, v, j) => a + v * w[j]!, 0);
      const err = 1 / (1 + Math.exp(-z)) - train[i]!.y;
      for (let j = 0; j < k; j++) g[j]! += err * x[j]!;
      gb += err;
    });
    for (let j = 0; j < k; j++) w[j]! -= (rate * (g[j]! + l2 * w[j]!)) / xs.length;
    b -= (rate * gb) / xs.length;
  }
  // Back to raw features, so the product needs no means or spreads.
  const weights = w.map((wj, j) => wj / sd[j]!);
  const intercept = b - w.reduce((a, wj, j) => a + (wj * mean[j]!) / sd[j]!, 0);
  return { weights, intercept };
}

function choose(train: readonly Row[]): Model {
  const { weights, intercept } = fitLogistic(train);
  const base: Model = { weights, intercept, decline: 0, confident: 0, ambiguousRatio: 2 };
  const z = train.map((r) => logOdds(r.evidence, base));
  // decline: above the log-odds of the uncovered question at the target share, halfway to the
  // next one up, so a question a hair away from one it was fitted on is judged the same.
  const uncovered = train.flatMap((r, i) => (r.q.none ? [z[i]!] : [])).sort((a, b) => a - b);
  const at = Math.min(uncovered.length - 1, Math.ceil(DECLINE_TARGET * uncovered.length) - 1);
  const next = uncovered[at + 1];
  const decline = uncovered.length === 0 ? Number.NEGATIVE_INFINITY : next === undefined ? uncovered[at]! + 1e-6 : (uncovered[at]! + next) / 2;
  // confident: the lowest log-odds above which wrong answers stay under the target share.
  const candidates = [...new Set(z.filter((v) => v >= decline))].sort((a, b) => a - b);
  let confident = Number.POSITIVE_INFINITY;
  for (const t of candidates) {
    const wrong = train.filter((r, i) => z[i]! >= t && r.y === 0).length;
    if (wrong <= WRONG_TARGET * train.length) {
      confident = t;
      break;
    }
  }
  // ambiguous: only where a near-tie more often hides an uncovered question or the right runner-up than a right best fact.
  let ambiguousRatio = 2;
  let bestGain = 0;
  for (let r = 0.8; r <= 1.0001; r += 0.01) {
    let gain = 0;
    train.forEach((row, i) => {
      const ratio = row.evidence.score > 0 ? row.evidence.second / row.evidence.score : 0;
      if (z[i]! < decline || z[i]! >= confident || ratio < r) return;
      if (row.q.none) gain++;
      else if (row.y === 1) gain--;
    });
    if (gain > bestGain) {
      bestGain = gain;
      ambiguousRatio = Number(r.toFixed(2));
    }
  }
  return { weights, intercept, decline, confident, ambiguousRatio };
}

interface Tally {
  en: [number, number];
  zh: [number, number];
  uncovered: [number, number];
  declinedCovered: number;
  wrongPresented: number;
  total: number;
  match: Record<Match, number>;
}

function tally(rs: readonly Row[], model: Model): Tally {
  const t: Tally = { en: [0, 0], zh: [0, 0], uncovered: [0, 0], declinedCovered: 0, wrongPresented: 0, total: rs.length, match: { confident: 0, closest: 0, ambiguous: 0, none: 0 } };
  for (const r of rs) {
    const m = judge(r.evidence, model);
    t.match[m]++;
    const presented = m === 'confident' || m === 'closest';
    if (r.q.none) {
      t.uncovered[1]++;
      if (!presented) t.uncovered[0]++;
    } else {
      t[r.q.lang][1]++;
      if (presented && r.y === 1) t[r.q.lang][0]++;
      if (!presented) t.declinedCovered++;
    }
    if (m === 'confident' && r.y === 0) t.wrongPresented++;
  }
  return t;
}

function add(a: Tally, b: Tally): Tally {
  const pair = (x: [number, number], y: [number, number]): [number, number] => [x[0] + y[0], x[1] + y[1]];
  return {
    en: pair(a.en, b.en),
    zh: pair(a.zh, b.zh),
    uncovered: pair(a.uncovered, b.uncovered),
    declinedCovered: a.declinedCovered + b.declinedCovered,
    wrongPresented: a.wrongPresented + b.wrongPresented,
    total: a.total + b.total,
    match: { confident: a.match.confident + b.match.confident, closest: a.match.closest + b.match.closest, ambiguous: a.match.ambiguous + b.match.ambiguous, none: a.match.none + b.match.none },
  };
}

const pct = ([a, b]: [number, number]) => `${a}/${b} = ${((100 * a) / Math.max(1, b)).toFixed(1)}%`;

function report(label: string, t: Tally): void {
  const declined = t.uncovered[0] + t.declinedCovered;
  console.log(`${label}`);
  console.log(`  first fact correct: en ${pct(t.en)}, zh ${pct(t.zh)}`);
  console.log(`  declines on uncovered questions (recall): ${pct(t.uncovered)}; decline precision ${pct([t.uncovered[0], declined])}`);
  console.log(`  wrong fact presented as the answer: ${pct([t.wrongPresented, t.total])}`);
  console.log(
    `  matches: ${Object.entries(t.match)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}

/** FNV-1a, for a shuffle that is the same every run. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

// Folds by fact, as the blind set's halves are split: every question on one fact (an uncovered
// question by its text) lands in the same fold, so a fold's questions ask about facts the model
// was fitted without, as a held-out half's do. Groups are dealt to folds in a fixed shuffle.
const groupOf = (q: Question) => (q.none || !q.expect ? `none:${q.q}` : q.expect);
const groups = [...new Set(rows.map((r) => groupOf(r.q)))].sort((a, b) => hash(a) - hash(b) || a.localeCompare(b));
const foldOf = new Map(groups.map((g, i) => [g, i % FOLDS]));
let cv: Tally | undefined;
for (let k = 0; k < FOLDS; k++) {
  const test = rows.filter((r) => foldOf.get(groupOf(r.q)) === k);
  const train = rows.filter((r) => foldOf.get(groupOf(r.q)) !== k);
  const t = tally(test, choose(train));
  cv = cv ? add(cv, t) : t;
}

const model = choose(rows);
console.log(`tuning sets (${TUNING.map((f) => f.split('/').at(-1)).join(', ')}): ${rows.length} questions (${rows.filter((r) => r.q.none).length} uncovered), features: ${FEATURES.join(', ')}`);
report('fitted on the whole of the tuning sets (in-sample):', tally(rows, model));
if (cv) report(`${FOLDS}-fold cross-validation by fact (fitted without the scored questions' facts):`, cv);
const round = (v: number) => Number(v.toPrecision(6));
const literal = `export const MODEL: Model = {
  weights: [${model.weights.map(round).join(', ')}],
  intercept: ${round(model.intercept)},
  decline: ${round(model.decline)},
  confident: ${Number.isFinite(model.confident) ? round(model.confident) : 'Number.POSITIVE_INFINITY'},
  ambiguousRatio: ${model.ambiguousRatio},
};`;
console.log(`\n${CONFIDENCE_FILE.replace(`${PROJECT_ROOT}/`, '')}${process.argv.includes('--write') ? ' (written)' : ' (--write to write it)'}:\n${literal}`);
if (process.argv.includes('--write')) {
  const source = readFileSync(CONFIDENCE_FILE, 'utf8');
  writeFileSync(CONFIDENCE_FILE, source.replace(/export const MODEL: Model = \{[\s\S]*?\n\};/, literal));
}

if (process.argv.includes('--verbose')) {
  const z = rows.map((r) => logOdds(r.evidence, model));
  const line = (r: Row, i: number) => `  ${z[i]!.toFixed(2)} ${judge(r.evidence, model)} ${r.q.q}`;
  console.log('\nuncovered questions by log-odds, highest first:');
  for (const [i, r] of rows.entries()) if (r.q.none && z[i]! > model.decline - 1.5) console.log(line(r, i));
  console.log('\ncovered questions with the right fact first, declined:');
  for (const [i, r] of rows.entries()) if (r.y === 1 && judge(r.evidence, model) === 'none') console.log(line(r, i));
}
