import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACTS_DIR } from '../../src/facts/paths.js';
import { openStore } from '../../src/facts/store.js';
import { equivalenceQuantity } from '../../src/quantities/convert.js';

const store = openStore(FACTS_DIR);
const transcript = readFileSync(join(FACTS_DIR, 'transcript.zh.txt'), 'utf8');
const factcheck = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'factcheck-ids.txt'), 'utf8')
  .split('\n')
  .filter(Boolean);

describe('the real fact store', () => {
  it('holds every claim of the fact check, by its id', () => {
    expect(factcheck.length).toBe(90);
    expect(factcheck.filter((id) => !store.byId.has(id))).toEqual([]);
    expect(store.facts.length).toBeGreaterThan(90);
  });

  it('quotes every fact verbatim from the transcript', () => {
    expect(store.facts.filter((f) => !transcript.includes(f.quote)).map((f) => f.id)).toEqual([]);
  });

  it('gives every fact whose verdict is not "consistent" a context note with a dated public source', () => {
    const missing = store.facts.filter((f) => f.verdict !== 'consistent' && !f.context?.sources.every((s) => s.year >= 1900 && s.figure));
    expect(missing.map((f) => f.id)).toEqual([]);
  });

  // /ask's strongest field: enough phrasings per fact that its search knows the fact, not only the
  // questions it happened to be tuned on (the core words need several questions to agree on).
  it('gives every fact at least 5 English and 6 Chinese questions, none repeated and none the claim itself', () => {
    const short = store.facts.filter((f) => f.questions.en.length < 5 || f.questions.zh.length < 6).map((f) => `${f.id} (${f.questions.en.length} en, ${f.questions.zh.length} zh)`);
    expect(short).toEqual([]);
    const key = (q: string) => q.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    const repeated = store.facts.filter((f) => new Set([...f.questions.en, ...f.questions.zh].map(key)).size < f.questions.en.length + f.questions.zh.length).map((f) => f.id);
    expect(repeated).toEqual([]);
    const claims = store.facts.filter((f) => [...f.questions.en, ...f.questions.zh].some((q) => key(q) === key(f.claim.en) || key(q) === key(f.claim.zh))).map((f) => f.id);
    expect(claims).toEqual([]);
  });

  it('stores the episode once and cites it', () => {
    expect(store.episode).toMatchObject({ number: 'E149', published: '2024-04-30', url: 'https://sv101.fireside.fm/155' });
    expect([...store.speakers.keys()]).toEqual(['host', 'eason', 'xiang']);
  });

  it('gives every yardstick a value that matches the fact it cites', () => {
    for (const e of store.equivalences) {
      const fact = store.byId.get(e.fact)!;
      if (e.basis === 'episode')
        expect(
          fact.values.some((v) => v.unit === e.unit && [v.value, v.low, v.high].includes(e.amount)),
          e.id,
        ).toBe(true);
      else
        expect(
          fact.context?.sources.some((s) => s.name === e.source && s.figure.replace(/,/g, '').includes(String(e.amount))),
          e.id,
        ).toBe(true);
      expect(equivalenceQuantity(e).toNumber('W'), e.id).toBeGreaterThan(0);
    }
    expect(store.equivalences.map((e) => e.id)).toEqual(
      expect.arrayContaining(['us-household', 'h100', 'h100-cluster', 'chatgpt', 'google-ai-search', 'nyc', 'helion-plant', 'nucor-plant', 'iter', 'china-generation']),
    );
  });
});
