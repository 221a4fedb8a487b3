import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { PROJECT_ROOT } from './paths.js';

/** The /ask question set shared by the accuracy test and the benchmark. */
const questionSet = z.object({
  questions: z.array(z.object({ q: z.string().min(1), expect: z.string().optional(), also: z.array(z.string()).optional(), none: z.boolean().optional(), near: z.boolean().optional() })),
});
export type Question = z.infer<typeof questionSet>['questions'][number] & { lang: 'en' | 'zh' };

export const QUESTION_SET = join(PROJECT_ROOT, 'tests', 'fixtures', 'questions.yaml');

export function loadQuestions(file = QUESTION_SET): Question[] {
  return questionSet.parse(parse(readFileSync(file, 'utf8'))).questions.map((q) => ({ ...q, lang: /[\u3400-\u9FFF]/.test(q.q) ? 'zh' : 'en' }));
}
