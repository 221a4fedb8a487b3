import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ASR_SLIPS } from './asr-slips.js';
import { CONVERSATION_FILE, type ConversationPhrases, conversationFile } from './conversation.js';
import { PRESETS_FILE, type Presets, presetsFile, resolvePresets } from './presets.js';
import { type EpisodeFile, type Equivalence, episodeFile, equivalenceFile, type Fact, topicFile } from './schema.js';

/** One thing wrong with the fact store, located precisely enough to fix without a debugger. */
export interface FactProblem {
  file: string;
  factId?: string;
  field?: string;
  message: string;
}

export class FactStoreError extends Error {
  constructor(readonly problems: FactProblem[]) {
    super(`The fact store has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'FactStoreError';
  }
}

export function formatProblem(p: FactProblem): string {
  const where = [p.file, p.factId && `fact "${p.factId}"`, p.field && `field "${p.field}"`].filter(Boolean).join(', ');
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
  /** How a conversation refers back and asks on (conversation.yaml); a store without it holds single lookups only. */
  conversation?: ConversationPhrases;
}

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

export function readYaml(dir: string, name: string, problems: FactProblem[]): unknown {
  const file = join(dir, name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push({ file: name, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
    return undefined;
  }
  try {
    return parseYaml(text, { prettyErrors: true });
  } catch (err) {
    const msg = err instanceof YAMLParseError ? err.message.split('\n')[0] : String(err);
    problems.push({ file: name, message: `is not valid YAML: ${msg}` });
    return undefined;
  }
}

export function validate<T>(schema: z.ZodType<T>, data: unknown, file: string, problems: FactProblem[], idAt?: (path: readonly PropertyKey[]) => string | undefined): T | undefined {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const factId = idAt?.(issue.path);
    // Inside a fact, the path starts facts[i]; name the fact by id and keep the field local.
    const local = factId !== undefined ? issue.path.slice(2) : issue.path;
    problems.push({
      file,
      ...(factId !== undefined && { factId }),
      ...(local.length > 0 && { field: fieldPath(local) }),
      message: describeIssue(issue),
    });
  }
  return undefined;
}

/**
 * Reads and checks every file under `dir`. Throws FactStoreError listing every problem found,
 * so a broken store stops start-up with all its faults at once rather than one per run.
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
  try {
    transcript = readFileSync(join(dir, TRANSCRIPT_FILE), 'utf8');
  } catch {
    problems.push({ file: TRANSCRIPT_FILE, message: 'is missing: quotes are checked against it' });
  }

  let meta: EpisodeFile | undefined;
  if (names.includes(EPISODE_FILE)) meta = validate(episodeFile, readYaml(dir, EPISODE_FILE, problems), EPISODE_FILE, problems);
  else problems.push({ file: EPISODE_FILE, message: 'is missing: the episode, speakers and topics live there' });

  const facts: StoredFact[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    if (name === EPISODE_FILE || name === EQUIVALENCE_FILE || name === PRESETS_FILE || name === CONVERSATION_FILE) continue;
    const raw = readYaml(dir, name, problems);
    if (raw === undefined) continue;
    const idAt = (path: readonly PropertyKey[]) => {
      if (path[0] !== 'facts' || typeof path[1] !== 'number') return undefined;
      const f = (raw as { facts?: Array<{ id?: unknown }> }).facts?.[path[1]];
      return typeof f?.id === 'string' ? f.id : `#${path[1] + 1}`;
    };
    const parsed = validate(topicFile, raw, name, problems, idAt);
    if (!parsed) continue;
    if (`${parsed.topic}.yaml` !== name) {
      problems.push({ file: name, field: 'topic', message: `is "${parsed.topic}" but the file is named ${name}; name the file after its topic` });
    }
    if (meta && !(parsed.topic in meta.topics)) {
      problems.push({ file: name, field: 'topic', message: `unknown topic "${parsed.topic}"; topics are listed in ${EPISODE_FILE}: ${Object.keys(meta.topics).join(', ')}` });
    }
    for (const f of parsed.facts) {
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
      for (const [field, text] of userFacingText(f)) {
        const slip = ASR_SLIPS.find((s) => s.pattern.test(text));
        if (slip) problems.push({ ...at, field, message: `contains the speech-recognition slip "${slip.wrong}"; write "${slip.right}"` });
      }
      facts.push({ ...f, topic: parsed.topic, file: name });
    }
  }
  for (const f of facts) {
    f.related.forEach((id, i) => {
      if (!seen.has(id)) problems.push({ file: f.file, factId: f.id, field: `related[${i}]`, message: `names an unknown fact "${id}"` });
    });
  }
  const equivalences = names.includes(EQUIVALENCE_FILE) ? loadEquivalences(dir, facts, problems) : [];
  let presets: Presets | undefined;
  if (names.includes(PRESETS_FILE)) {
    const data = validate(presetsFile, readYaml(dir, PRESETS_FILE, problems), PRESETS_FILE, problems);
    if (data) presets = resolvePresets(data, facts, equivalences, problems);
  }
  const conversation = names.includes(CONVERSATION_FILE) ? validate(conversationFile, readYaml(dir, CONVERSATION_FILE, problems), CONVERSATION_FILE, problems) : undefined;
  if (problems.length > 0 || !meta) throw new FactStoreError(problems);
  return { meta, facts, equivalences, ...(presets && { presets }), ...(conversation && { conversation }) };
}

/** Digits of a number as they may be written in a source's figure: 29, 10,715, 0.7. */
function mentions(text: string, n: number): boolean {
  const plain = text.replace(/(\d),(?=\d{3})/g, '$1');
  return new RegExp(`(^|[^\\d.])${String(n).replace('.', '\\.')}(?![\\d])`).test(plain);
}

function loadEquivalences(dir: string, facts: StoredFact[], problems: FactProblem[]): Equivalence[] {
  const raw = readYaml(dir, EQUIVALENCE_FILE, problems);
  const idAt = (path: readonly PropertyKey[]) => {
    if (path[0] !== 'equivalences' || typeof path[1] !== 'number') return undefined;
    const e = (raw as { equivalences?: Array<{ id?: unknown }> }).equivalences?.[path[1]];
    return typeof e?.id === 'string' ? e.id : `#${path[1] + 1}`;
  };
  const parsed = validate(equivalenceFile, raw, EQUIVALENCE_FILE, problems, idAt);
  if (!parsed) return [];
  const byId = new Map(facts.map((f) => [f.id, f]));
  for (const e of parsed.equivalences) {
    const at = { file: EQUIVALENCE_FILE, factId: e.id };
    const fact = byId.get(e.fact);
    if (!fact) {
      problems.push({ ...at, field: 'fact', message: `names an unknown fact "${e.fact}"` });
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

export function relativeName(dir: string, file: string): string {
  return relative(dir, file) || basename(file);
}
