import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FactStoreError, formatProblem, loadRawStore } from '../../src/facts/load.js';
import { FACTS_DIR } from '../../src/facts/paths.js';
import { MINI_STORE, mutatedStore, replaceBytes, storeWithBytes } from '../helpers/fact-fixtures.js';
import { MAIN, ROOT, runNode } from '../helpers/run.js';

/** Issue 10's fact-file points: one fault one problem, UTF-8, self-references, and facts:check honouring WATTSON_FACTS. */

function problemsOf(dir: string): string[] {
  try {
    loadRawStore(dir);
  } catch (err) {
    if (err instanceof FactStoreError) return err.problems.map((p) => formatProblem(p).trim());
    throw err;
  }
  return [];
}

const CHECK = join(ROOT, 'dist', 'src', 'facts', 'check.js');

describe('one fault, one problem', () => {
  const faults: [string, (f: any) => void][] = [
    ['a unit not in the list', (f) => (f.values = [{ measures: { en: 'x', zh: 'x' }, value: 1, unit: 'kwh/day', year: 2024 }])],
    ['an unknown verdict', (f) => (f.verdict = 'maybe')],
    ['a claim that is a string', (f) => (f.claim = 'one language only')],
    ['a value that is null', (f) => (f.values = [null])],
    ['values that are not a list', (f) => (f.values = 'many')],
    ['no English keywords', (f) => (f.keywords.en = [])],
    ['a quote that is a number', (f) => (f.quote = 5)],
    ['an unknown field', (f) => (f.speeker = 'host')],
  ];
  // Topic files are the topics episode.yaml lists; other data files (presets, lexicon…) sit beside them.
  const topicFiles = Object.keys((parse(readFileSync(join(FACTS_DIR, 'episode.yaml'), 'utf8')) as { topics: Record<string, unknown> }).topics).map((t) => `${t}.yaml`);

  const expectOneProblem = (file: string, fault: (f: any) => void) => {
    const problems = problemsOf(mutatedStore(file, (d) => fault(d.facts[0]), FACTS_DIR));
    expect(problems, `${file}: ${problems.join('\n')}`).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${file.replace('.', '\\.')}, fact "[a-z0-9.-]+"`));
  };

  it('reports a bad unit in the first fact of every topic file of the real store exactly once, however often other facts refer to it', () => {
    for (const file of topicFiles) expectOneProblem(file, faults[0]![1]);
  });

  // Each kind of fault in another file, so that together they cover the store without loading it 88 times.
  it.each(faults.map(([name, fault], i) => [name, fault, topicFiles[(i * 3) % topicFiles.length]!] as const))('reports %s exactly once', (_name, fault, file) => {
    expectOneProblem(file, fault);
  });

  it('reports a yardstick that names a broken fact only through that fact', () => {
    // The real store's "nyc" yardstick names unit-nyc-10gw; breaking that fact is one problem, not two.
    const dir = mutatedStore('units.yaml', (d) => (d.facts.find((f: any) => f.id === 'unit-nyc-10gw').verdict = 'maybe'), FACTS_DIR);
    expect(problemsOf(dir)).toEqual([expect.stringMatching(/^units\.yaml, fact "unit-nyc-10gw", field "verdict": expected one of/)]);
  });
});

describe('related facts', () => {
  it('refuses a fact that lists itself, naming file, id and field', () => {
    const dir = mutatedStore('fusion.yaml', (d) => (d.facts[0].related = ['chatgpt-daily-energy', 'helion-msft-2028']));
    expect(problemsOf(dir)).toEqual(['fusion.yaml, fact "helion-msft-2028", field "related[1]": lists the fact itself; related facts are other facts']);
  });
});

describe('UTF-8', () => {
  it('refuses a fact file that is not UTF-8, naming the fact, the field, the line and the column, once', () => {
    // "耗" (e8 80 97) cut to two bytes: the next character's first byte breaks the sequence.
    const dir = storeWithBytes('ai-demand.yaml', (b) => replaceBytes(b, '耗', Buffer.from([0xe8, 0x80])));
    expect(problemsOf(dir)).toEqual(['ai-demand.yaml, fact "chatgpt-daily-energy", field "claim.zh": is not valid UTF-8 at line 6, column 21 (byte 0xe8); save the file as UTF-8']);
  });

  it('names the field in the episode file and the line in the transcript', () => {
    const episode = storeWithBytes('episode.yaml', (b) => replaceBytes(b, '硅谷101', Buffer.concat([Buffer.from('硅谷'), Buffer.from([0xff]), Buffer.from('101')])));
    expect(problemsOf(episode)).toEqual(['episode.yaml, field "episode.show.zh": is not valid UTF-8 at line 6, column 11 (byte 0xff); save the file as UTF-8']);
    const transcript = storeWithBytes('transcript.zh.txt', (b) => replaceBytes(b, '测试', Buffer.from([0xc0, 0xaf])));
    expect(problemsOf(transcript)).toEqual(['transcript.zh.txt: is not valid UTF-8 at line 1, column 5 (byte 0xc0); save the file as UTF-8']);
  });

  it('a file ending inside a character is refused too', () => {
    const dir = storeWithBytes('fusion.yaml', (b) => Buffer.concat([b, Buffer.from('# 注'), Buffer.from([0xe9, 0x87])]));
    expect(problemsOf(dir)).toEqual([expect.stringMatching(/^fusion\.yaml: is not valid UTF-8 at line \d+, column 4 \(byte 0xe9\)/)]);
  });
});

describe('npm run facts:check', () => {
  it('checks the store WATTSON_FACTS names, as npm start would load it', () => {
    const broken = mutatedStore('fusion.yaml', (d) => (d.facts[0].related = ['helion-msft-2028']));
    const r = runNode(CHECK, [], { env: { WATTSON_FACTS: broken } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${broken}: The fact store has 1 problem:`);
    expect(r.stderr).toContain('fusion.yaml, fact "helion-msft-2028", field "related[0]": lists the fact itself');
    // npm start refuses the same store.
    expect(runNode(MAIN, [], { env: { WATTSON_FACTS: broken } }).stderr).toContain('lists the fact itself');
    const ok = runNode(CHECK, [], { env: { WATTSON_FACTS: MINI_STORE } });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^facts ok: 3 facts in \\d+ topics, .*\\(${MINI_STORE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)\\n$`));
  });

  it('checks the built-in facts/ without WATTSON_FACTS', () => {
    const r = runNode(CHECK, []);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`(${FACTS_DIR})`);
  });
});
