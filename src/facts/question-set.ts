import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod';
import { PROJECT_ROOT } from './paths.js';

/** The /ask question sets shared by the accuracy tests, the benchmark and the tuning script. */
const questionSet = z.object({
  questions: z.array(z.object({ q: z.string().min(1), expect: z.string().optional(), also: z.array(z.string()).optional(), none: z.boolean().optional(), near: z.boolean().optional() })),
});
export type Question = z.infer<typeof questionSet>['questions'][number] & { lang: 'en' | 'zh' };

export const QUESTION_SET = join(PROJECT_ROOT, 'tests', 'fixtures', 'questions.yaml');
export const HELD_OUT_SET = join(PROJECT_ROOT, 'tests', 'fixtures', 'questions-heldout.yaml');
/** The blind set: its tuning half (tuning.yaml), and the test half once it is added (test.yaml). */
export const BLIND_DIR = join(PROJECT_ROOT, 'tests', 'fixtures', 'ask-blind');
export const TUNING_SET = join(BLIND_DIR, 'tuning.yaml');

export function loadQuestions(file = QUESTION_SET): Question[] {
  return questionSet.parse(parse(readFileSync(file, 'utf8'))).questions.map((q) => ({ ...q, lang: /[\u3400-\u9FFF]/.test(q.q) ? 'zh' : 'en' }));
}

/** Every half of the blind set present, by file name, tuning first. */
export function blindSets(dir = BLIND_DIR): { name: string; file: string }[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort((a, b) => (a === 'tuning.yaml' ? -1 : b === 'tuning.yaml' ? 1 : a.localeCompare(b)))
    .map((name) => ({ name: name.replace(/\.yaml$/, ''), file: join(dir, name) }));
}

/** One question as /ask answered it: the fact presented first (none when declined), and how sure it was. */
export interface Answered {
  q: Question;
  first: string | undefined;
  match: 'confident' | 'closest' | 'ambiguous' | 'none' | undefined;
}

export interface Rate {
  hit: number;
  of: number;
  rate: number;
}

export interface Accuracy {
  /** Covered questions whose first fact is right (the expected one or an `also`). */
  en: Rate;
  zh: Rate;
  /** Uncovered questions declined: no fact presented (decline recall). */
  declines: Rate;
  /** Declined questions that were uncovered (decline precision). */
  declinePrecision: Rate;
  /** Questions answered confidently with a wrong fact, or confidently when uncovered. */
  wrongPresented: Rate;
}

function rate(hit: number, of: number): Rate {
  return { hit, of, rate: of === 0 ? 1 : hit / of };
}

export function isRight(q: Question, id: string | undefined): boolean {
  return id !== undefined && (id === q.expect || (q.also ?? []).includes(id));
}

export function accuracy(answered: readonly Answered[]): Accuracy {
  const covered = (lang: 'en' | 'zh') => answered.filter((a) => !a.q.none && a.q.expect && a.q.lang === lang);
  const uncovered = answered.filter((a) => a.q.none);
  const declined = answered.filter((a) => a.first === undefined);
  const wrong = answered.filter((a) => a.match === 'confident' && !isRight(a.q, a.first));
  return {
    en: rate(covered('en').filter((a) => isRight(a.q, a.first)).length, covered('en').length),
    zh: rate(covered('zh').filter((a) => isRight(a.q, a.first)).length, covered('zh').length),
    declines: rate(uncovered.filter((a) => a.first === undefined).length, uncovered.length),
    declinePrecision: rate(declined.filter((a) => a.q.none).length, declined.length),
    wrongPresented: rate(wrong.length, answered.length),
  };
}

export function pct(r: Rate): string {
  return `${(r.rate * 100).toFixed(1)}% (${r.hit}/${r.of})`;
}

/** One line per figure, as the accuracy test and the benchmark print them. */
export function describeAccuracy(a: Accuracy): string {
  return [
    `first fact correct: en ${pct(a.en)}, zh ${pct(a.zh)}`,
    `declines on uncovered questions (recall) ${pct(a.declines)}, decline precision ${pct(a.declinePrecision)}`,
    `wrong fact presented as the answer (not as closest match) ${pct(a.wrongPresented)}`,
  ].join('\n');
}
