import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as z from 'zod';
import { ASR_SLIPS } from './asr-slips.js';
import { CONVERSATION_FILE, type ConversationPhrases, conversationSchema } from './conversation.js';
import { EMPTY_LEXICON, LEXICON_FILE, type Lexicon, lexiconEntryAt, lexiconSchema } from './lexicon.js';
import { PRESETS_FILE, type Presets, presetsSchemas, resolvePresets } from './presets.js';
import { type EpisodeFile, type Equivalence, type Fact, factSchemas } from './schema.js';
import { decodeUtf8, type Utf8Fault, yamlPathAt } from './utf8.js';
import { yaml } from './yaml.js';

/** One thing wrong with the fact store, located precisely enough to fix without a debugger. */
export interface FactProblem {
  file: string;
  factId?: string;
  /** An entry of a file that holds no facts (the lexicon): "synonyms[3] (agreement)". */
  entry?: string;
  field?: string;
  message: string;
}

export class FactStoreError extends Error {
  readonly problems: FactProblem[];
  constructor(problems: FactProblem[]) {
    // One fault, one line: the same problem found twice (two checks meeting it) is said once.
    const unique = [...new Map(problems.map((p) => [formatProblem(p), p])).values()];
    problems = unique;
    super(`The fact store has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map(formatProblem).join('\n')}`);
    this.problems = unique;
    this.name = 'FactStoreError';
  }
}

export function formatProblem(p: FactProblem): string {
  const where = [p.file, p.factId && `fact "${p.factId}"`, p.entry && `entry ${p.entry}`, p.field && `field "${p.field}"`].filter(Boolean).join(', ');
  return `  ${where}: ${p.message}`;
}

export interface StoredFact extends Fact {
  topic: string;
  file: string;
}

export interface RawStore {
  meta: EpisodeFile;
  facts: StoredFact[];
  equivalences: Equivalence[];
  /** /project's presets; a store without presets.yaml (a test fixture) has none. */
  presets?: Presets;
  /** /ask's synonyms, stop words and segmenter words; empty for a store without lexicon.yaml. */
  lexicon: Lexicon;
  /** How a conversation refers back and asks on (conversation.yaml); a store without it holds single lookups only. */
  conversation?: ConversationPhrases;
}

/** A fact with a figure is asked for in many ways; the search needs at least this many of them per language. */
export const MIN_QUESTIONS = 2;

export const EPISODE_FILE = 'episode.yaml';
export const EQUIVALENCE_FILE = 'equivalences.yaml';
export const TRANSCRIPT_FILE = 'transcript.zh.txt';

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const input: unknown = 'input' in issue ? issue.input : undefined;
  // Echo only short scalars: an object dump is noise, not help.
  const got = ['string', 'number', 'boolean'].includes(typeof input) ? `, got ${JSON.stringify(input).slice(0, 80)}` : '';
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}`;
    case 'invalid_type':
      return issue.input === undefined ? `is missing (expected ${issue.expected})` : `expected ${issue.expected}${got}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      return `${issue.message}${got}`;
  }
}

/** Inside a list of facts (or yardsticks) a path is named by the item's id and the field within it. */
type IdAt = (path: readonly PropertyKey[]) => string | undefined;

function located(path: readonly PropertyKey[], idAt?: IdAt): { factId?: string; field?: string } {
  const factId = idAt?.(path);
  const local = factId !== undefined ? path.slice(2) : path;
  return { ...(factId !== undefined && { factId }), ...(local.length > 0 && { field: fieldPath(local) }) };
}

/** A file's text; when it is not UTF-8, the lossy text (to look around in) and where it breaks. */
function readText(dir: string, name: string, problems: FactProblem[]): { text: string; fault?: Utf8Fault } | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, name));
  } catch (err) {
    problems.push({ file: name, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
    return undefined;
  }
  const decoded = decodeUtf8(bytes);
  return decoded.ok ? { text: decoded.text } : { text: decoded.fault.lossyText, fault: decoded.fault };
}

function utf8Problem(file: string, fault: Utf8Fault, path: readonly PropertyKey[], idAt?: IdAt): FactProblem {
  return {
    file,
    ...located(path, idAt),
    message: `is not valid UTF-8 at line ${fault.line}, column ${fault.column} (byte 0x${fault.byte.toString(16).padStart(2, '0')}); save the file as UTF-8`,
  };
}

/**
 * A YAML file's data. `trusted` is false when the file is not UTF-8: that is reported (with the
 * fact and field the bad byte is in), and the data is then good for knowing which ids the file
 * declares, so that facts elsewhere referring to them are not reported too, and nothing more.
 */
function readYaml(dir: string, name: string, problems: FactProblem[], idAtFor?: (data: unknown) => IdAt): { data: unknown; trusted: boolean } | undefined {
  const read = readText(dir, name, problems);
  if (!read) return undefined;
  let data: unknown;
  try {
    data = yaml().parse(read.text, { prettyErrors: true });
  } catch (err) {
    if (read.fault) problems.push(utf8Problem(name, read.fault, []));
    else problems.push({ file: name, message: `is not valid YAML: ${err instanceof yaml().YAMLParseError ? err.message.split('\n')[0] : String(err)}` });
    return undefined;
  }
  if (!read.fault) return { data, trusted: true };
  problems.push(utf8Problem(name, read.fault, yamlPathAt(read.text, read.fault.offset), idAtFor?.(data)));
  return { data, trusted: false };
}

function validate<T>(schema: z.ZodType<T>, data: unknown, file: string, problems: FactProblem[], idAt?: IdAt, prefix: readonly PropertyKey[] = []): T | undefined {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push({ file, ...located([...prefix, ...issue.path], idAt), message: describeIssue(issue) });
  return undefined;
}

/** Names the item at list[i] of a file (facts, equivalences) by its id, or by its place. */
function itemIdAt(data: unknown, list: string): IdAt {
  return (path) => {
    if (path[0] !== list || typeof path[1] !== 'number') return undefined;
    const item = (data as Record<string, Array<{ id?: unknown } | null> | undefined> | null)?.[list]?.[path[1]];
    return typeof item?.id === 'string' ? item.id : `#${path[1] + 1}`;
  };
}

/** Every id a topic file declares, valid facts or not. */
function declaredIds(data: unknown): string[] {
  const list = (data as { facts?: unknown } | null)?.facts;
  return Array.isArray(list) ? list.map((f) => (f as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string') : [];
}

/**
 * Reads and checks every file under `dir`. Throws FactStoreError listing every problem found,
 * so a broken store stops start-up with all its faults at once rather than one per run.
 *
 * One fault is one problem: each fact is checked on its own (a bad field drops that fact, not
 * its file), and a fact that is declared but broken still counts as existing, so the facts and
 * yardsticks naming it are not reported as well.
 */
export function loadRawStore(dir: string): RawStore {
  const problems: FactProblem[] = [];
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.yaml'))
      .sort();
  } catch (err) {
    throw new FactStoreError([{ file: dir, message: `the fact directory cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` }]);
  }
  let transcript = '';
  if (!existsSync(join(dir, TRANSCRIPT_FILE))) problems.push({ file: TRANSCRIPT_FILE, message: 'is missing: quotes are checked against it' });
  else {
    const read = readText(dir, TRANSCRIPT_FILE, problems);
    if (read?.fault) problems.push(utf8Problem(TRANSCRIPT_FILE, read.fault, []));
    else if (read) transcript = read.text;
  }

  let meta: EpisodeFile | undefined;
  if (names.includes(EPISODE_FILE)) {
    const episode = readYaml(dir, EPISODE_FILE, problems);
    if (episode?.trusted) meta = validate(factSchemas().episodeFile, episode.data, EPISODE_FILE, problems);
  } else problems.push({ file: EPISODE_FILE, message: 'is missing: the episode, speakers and topics live there' });

  const facts: StoredFact[] = [];
  const seen = new Map<string, string>();
  const declared = new Set<string>();
  for (const name of names) {
    if (name === EPISODE_FILE || name === EQUIVALENCE_FILE || name === PRESETS_FILE || name === LEXICON_FILE || name === CONVERSATION_FILE) continue;
    const read = readYaml(dir, name, problems, (data) => itemIdAt(data, 'facts'));
    if (read === undefined) continue;
    for (const id of declaredIds(read.data)) declared.add(id);
    if (!read.trusted) continue;
    const idAt = itemIdAt(read.data, 'facts');
    const envelope = validate(factSchemas().topicEnvelope, read.data, name, problems, idAt);
    const rawFacts = envelope?.facts ?? [];
    if (envelope && `${envelope.topic}.yaml` !== name) {
      problems.push({ file: name, field: 'topic', message: `is "${envelope.topic}" but the file is named ${name}; name the file after its topic` });
    }
    if (envelope && meta && !(envelope.topic in meta.topics)) {
      problems.push({ file: name, field: 'topic', message: `unknown topic "${envelope.topic}"; topics are listed in ${EPISODE_FILE}: ${Object.keys(meta.topics).join(', ')}` });
    }
    rawFacts.forEach((raw, i) => {
      const f = validate(factSchemas().fact, raw, name, problems, idAt, ['facts', i]);
      if (!f || !envelope) return;
      const at = { file: name, factId: f.id };
      const first = seen.get(f.id);
      if (first) problems.push({ ...at, field: 'id', message: `duplicate id, first used in ${first}` });
      else seen.set(f.id, name);
      if (meta && !(f.speaker in meta.speakers)) {
        problems.push({ ...at, field: 'speaker', message: `unknown speaker "${f.speaker}"; expected one of ${Object.keys(meta.speakers).join(', ')}` });
      }
      if (transcript && !transcript.includes(f.quote)) {
        problems.push({ ...at, field: 'quote', message: 'is not found verbatim in the transcript; copy it exactly, ASR errors included' });
      }
      if (f.values.length > 0) {
        for (const lang of ['en', 'zh'] as const) {
          const n = f.questions[lang].length;
          if (n < MIN_QUESTIONS)
            problems.push({
              ...at,
              field: `questions.${lang}`,
              message: `has ${n} question${n === 1 ? '' : 's'}; a fact with a figure needs at least ${MIN_QUESTIONS} in ${lang === 'en' ? 'English' : 'Chinese'}, asked as a user would`,
            });
        }
      }
      for (const [field, text] of userFacingText(f)) {
        const slip = ASR_SLIPS.find((s) => s.pattern.test(text));
        if (slip) problems.push({ ...at, field, message: `contains the speech-recognition slip "${slip.wrong}"; write "${slip.right}"` });
      }
      facts.push({ ...f, topic: envelope.topic, file: name });
    });
  }
  for (const f of facts) {
    f.related.forEach((id, i) => {
      const at = { file: f.file, factId: f.id, field: `related[${i}]` };
      if (id === f.id) problems.push({ ...at, message: 'lists the fact itself; related facts are other facts' });
      else if (!declared.has(id)) problems.push({ ...at, message: `names an unknown fact "${id}"` });
    });
  }
  const equivalences = names.includes(EQUIVALENCE_FILE) ? loadEquivalences(dir, facts, declared, problems) : [];
  let presets: Presets | undefined;
  if (names.includes(PRESETS_FILE)) {
    const read = readYaml(dir, PRESETS_FILE, problems);
    const data = read?.trusted ? validate(presetsSchemas().presetsFile, read.data, PRESETS_FILE, problems) : undefined;
    if (data) presets = resolvePresets(data, facts, equivalences, problems, declared);
  }
  const lexicon = names.includes(LEXICON_FILE) ? loadLexicon(dir, problems) : EMPTY_LEXICON;
  const topics = new Set(facts.map((f) => f.topic));
  lexicon.definition_intent.topics.forEach((topic, i) => {
    if (!topics.has(topic)) problems.push({ file: LEXICON_FILE, field: `definition_intent.topics[${i}]`, message: `names an unknown topic "${topic}" (topics: ${[...topics].sort().join(', ')})` });
  });
  let conversation: ConversationPhrases | undefined;
  if (names.includes(CONVERSATION_FILE)) {
    const read = readYaml(dir, CONVERSATION_FILE, problems);
    if (read?.trusted) conversation = validate(conversationSchema().conversationFile, read.data, CONVERSATION_FILE, problems);
  }
  if (problems.length > 0 || !meta) throw new FactStoreError(problems);
  return { meta, facts, equivalences, ...(presets && { presets }), lexicon, ...(conversation && { conversation }) };
}

function loadLexicon(dir: string, problems: FactProblem[]): Lexicon {
  const read = readYaml(dir, LEXICON_FILE, problems);
  if (!read?.trusted) return EMPTY_LEXICON;
  const raw = read.data;
  const before = problems.length;
  const lexicon = validate(lexiconSchema().lexiconFile, raw, LEXICON_FILE, problems, (path) => lexiconEntryAt(raw, path));
  // The lexicon holds entries, not facts: its problems name the entry.
  for (const p of problems.slice(before)) {
    if (p.factId === undefined) continue;
    p.entry = p.factId;
    delete p.factId;
  }
  if (!lexicon) return EMPTY_LEXICON;
  // A word in two groups (or two spellings) would join two meanings; it is almost always a slip.
  for (const list of ['synonyms', 'spellings'] as const) duplicates(lexicon[list], list, raw, problems);
  // A synonym that is also a stop word would be dropped before it could meet its group.
  const members = new Set(lexicon.synonyms.flatMap((g) => [...g.en, ...g.zh].map((w) => w.toLowerCase())));
  for (const list of ['stop', 'framing'] as const) {
    for (const lang of ['en', 'zh'] as const) {
      lexicon[list][lang].forEach((word, i) => {
        if (members.has(word.toLowerCase()))
          problems.push({ file: LEXICON_FILE, field: `${list}.${lang}[${i}]`, message: `"${word}" is also a synonym; a word is either dropped or looked for, not both` });
      });
    }
  }
  return lexicon;
}

function duplicates(entries: readonly { en: string[]; zh: string[] }[], list: string, raw: unknown, problems: FactProblem[]): void {
  const first = new Map<string, string>();
  entries.forEach((group, i) => {
    const entry = lexiconEntryAt(raw, [list, i]);
    for (const lang of ['en', 'zh'] as const) {
      group[lang].forEach((word, j) => {
        const key = `${lang}:${word.toLowerCase()}`;
        const seen = first.get(key);
        if (seen && seen !== entry) problems.push({ file: LEXICON_FILE, ...(entry && { entry }), field: `${lang}[${j}]`, message: `"${word}" is already in ${seen}; a word belongs to one group` });
        else if (entry) first.set(key, entry);
      });
    }
  });
}

/** Digits of a number as they may be written in a source's figure: 29, 10,715, 0.7. */
function mentions(text: string, n: number): boolean {
  const plain = text.replace(/(\d),(?=\d{3})/g, '$1');
  return new RegExp(`(^|[^\\d.])${String(n).replace('.', '\\.')}(?![\\d])`).test(plain);
}

function loadEquivalences(dir: string, facts: StoredFact[], declared: ReadonlySet<string>, problems: FactProblem[]): Equivalence[] {
  const read = readYaml(dir, EQUIVALENCE_FILE, problems, (data) => itemIdAt(data, 'equivalences'));
  if (!read?.trusted) return [];
  const parsed = validate(factSchemas().equivalenceFile, read.data, EQUIVALENCE_FILE, problems, itemIdAt(read.data, 'equivalences'));
  if (!parsed) return [];
  const byId = new Map(facts.map((f) => [f.id, f]));
  for (const e of parsed.equivalences) {
    const at = { file: EQUIVALENCE_FILE, factId: e.id };
    const fact = byId.get(e.fact);
    if (!fact) {
      // A fact that exists but is broken has its own problem; only a missing one is this yardstick's.
      if (!declared.has(e.fact)) problems.push({ ...at, field: 'fact', message: `names an unknown fact "${e.fact}"` });
      continue;
    }
    if (e.basis === 'episode') {
      const stated = fact.values.some((v) => v.unit === e.unit && [v.value, v.low, v.high].includes(e.amount));
      if (!stated) problems.push({ ...at, field: 'amount', message: `${e.amount} ${e.unit} is not a value of fact "${e.fact}"; an episode-basis yardstick uses the episode's own figure` });
    } else {
      const source = fact.context?.sources.find((s) => s.name === e.source);
      if (!source) problems.push({ ...at, field: 'source', message: `"${e.source}" is not a context source of fact "${e.fact}"` });
      else if (!mentions(source.figure, e.amount)) problems.push({ ...at, field: 'amount', message: `${e.amount} does not appear in the figure "${source.figure}" of source "${e.source}"` });
    }
  }
  return parsed.equivalences;
}

function* userFacingText(f: Fact): Generator<[string, string]> {
  yield ['claim.en', f.claim.en];
  yield ['claim.zh', f.claim.zh];
  if (f.context) {
    yield ['context.en', f.context.en];
    yield ['context.zh', f.context.zh];
  }
  for (const [i, k] of f.keywords.en.entries()) yield [`keywords.en[${i}]`, k];
  for (const [i, k] of f.keywords.zh.entries()) yield [`keywords.zh[${i}]`, k];
}
