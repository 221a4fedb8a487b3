import { statesUnit } from './figure.js';
import { buildHomophoneTable, type HomophoneTable, wordsBySound } from './homophones.js';
import type { Lexicon } from './lexicon.js';
import type { StoredFact } from './load.js';
import type { Bilingual } from './schema.js';
import { createTokenizer, isBigram, phraseForm, type TextRules, type Tokenizer } from './tokens.js';
import { buildTraditionalMarks } from './traditional.js';

/**
 * Building the fact index, kept apart from querying it (search.ts) so that what is built is
 * plain data (Maps, arrays, typed arrays, strings, numbers) that can be serialised at build
 * time and opened without rebuilding. Everything in a posting's BM25 contribution is fixed
 * once the store is loaded, so each posting stores its finished score; a query only adds.
 *
 * English (and numbers, model names) and Chinese are two tables, each with its own document
 * lengths: the Chinese one needs the segmenter, so it is built on the first Chinese question
 * (from `hanSource`) unless the data already holds it.
 */

/** How much a word counts in each field: the questions people ask for a fact count most. */
export const FIELD_WEIGHTS = {
  question: 4,
  keyword: 3,
  id: 2,
  claim: 1.5,
  value: 1.5,
  measures: 1,
  topic: 0.5,
  quote: 0.5,
  context: 0.3,
} as const;

const K1 = 1.2;
const B = 0.5;
const BIGRAM_WEIGHT = 0.5;

export interface Postings {
  idf: number;
  docs: Int32Array;
  contrib: Float64Array;
}

export type TermTable = Map<string, Postings>;

/** Synonym groups of one language, resolved to index tokens. */
export interface SynonymTable {
  /** Per group: whether it is a group of question words (soft). */
  soft: boolean[];
  /** Per group: each member's tokens (a phrase member has several). */
  members: string[][][];
  /** A one-word member's token → the groups it is in. */
  byToken: Map<string, number[]>;
  /** Members of more than one word, found by their phrase form in the question. */
  phrases: { form: string; group: number; tokens: string[] }[];
}

/** The Chinese text of every document, for building the Chinese part when it is first needed. */
export interface HanSource {
  texts: string[];
  weights: number[];
  docs: number[];
  /** Each document's Chinese questions. */
  questions: string[][];
}

/**
 * The words most of a fact's questions (in one language) share: what the fact is about, in
 * the words people use. A question that names none of them is likely about something else.
 * Keys are index tokens, or "=en3" for a synonym group.
 */
export interface CoreWords {
  keys: string[];
  weights: number[];
}

/** The part of the index that needs the Chinese segmenter. */
export interface HanPart {
  table: TermTable;
  core: CoreWords[];
  /** Characters' syllables, and the store's Chinese words by their sound: for homophone slips. */
  homophones: HomophoneTable;
  sounds: Map<string, string>;
  /** Which characters are Traditional: a question holding one is read as Simplified first. */
  traditional: Uint8Array;
}

export interface KeywordPhrase {
  form: string;
  doc: number;
}

export interface IndexData {
  docCount: number;
  rules: TextRules;
  latin: TermTable;
  coreEn: CoreWords[];
  han?: HanPart;
  /** The Chinese part kept serialized until the first Chinese question (see facts/snapshot.ts). */
  hanLoad?: () => HanPart;
  hanSource?: HanSource;
  /** The highest idf a word can have: one a single document holds (and the weight of a word no document holds). */
  maxIdf: number;
  /** Multi-word and Chinese keywords, filed under their first two words or characters. */
  keywordPhrases: Map<string, KeywordPhrase[]>;
  hasFigure: Uint8Array;
  /** English words of the facts and the lexicon as written, that a person might misspell: the speller's vocabulary. */
  spellable: string[];
  synonymsEn: SynonymTable;
  synonymsZh: SynonymTable;
  /** Phrase forms that ask for a figure. */
  figureIntent: string[];
  /** Per kind of figure a question can ask for by name: its phrase forms, and which facts state one. */
  figureKinds: { phrases: string[]; stated: Uint8Array }[];
  /** Per rival group, per member: its names as the question's text is matched, and which facts name it. */
  rivals: { phrases: string[]; named: Uint8Array }[][];
  /** Phrase forms that ask what something is, and which facts define (those of the lexicon's definition topics). */
  definitionIntent: string[];
  defines: Uint8Array;
  /** Words for the Chinese segmenter's dictionary. */
  zhWords: string[];
}

export function isHan(code: number): boolean {
  return code >= 0x3400 && code <= 0x9fff;
}

/**
 * A phrase can only occur in a query that contains its first two words (in Chinese, its first
 * two characters), so phrases are filed under that key and only the query's own pairs are
 * looked up. One word or character is the key only when the phrase has no second.
 */
export function phraseKey(form: string): string {
  const t = form.trim();
  if (isHan(t.charCodeAt(0))) return isHan(t.charCodeAt(1)) ? t.slice(0, 2) : t[0]!;
  const words = t.split(' ');
  return words.length > 1 ? `${words[0]} ${words[1]}` : words[0]!;
}

function both(b: Bilingual): string {
  return `${b.en} ${b.zh}`;
}

/** What the tokenizer needs from the lexicon. Words a synonym group names are never stop words. */
export function textRules(lexicon: Lexicon): TextRules {
  const members = new Set(lexicon.synonyms.flatMap((g) => [...g.en, ...g.zh].map((w) => w.toLowerCase())));
  const pairs = (lang: 'en' | 'zh') => lexicon.spellings.flatMap((s) => s[lang].map((v): [string, string] => [v, s.as]));
  return {
    stopEn: [...lexicon.stop.en, ...lexicon.framing.en].map((w) => w.toLowerCase()).filter((w) => !members.has(w)),
    stopZh: [...lexicon.stop.zh, ...lexicon.framing.zh].filter((w) => !members.has(w)),
    zhPrefixes: lexicon.zh_question_prefixes,
    keepZh: [...new Set(lexicon.synonyms.flatMap((g) => g.zh))],
    spellingsEn: pairs('en'),
    spellingsZh: pairs('zh'),
  };
}

/**
 * The text holds one of the phrases: a Chinese one anywhere in it (`han`, the normalised text),
 * an English one as whole words of its phrase form (`form`). Questions and facts are read alike.
 */
export function holdsPhrase(han: string, form: string, phrases: readonly string[]): boolean {
  return phrases.some((p) => (isHan(p.charCodeAt(0)) ? han.includes(p) : form.includes(p)));
}

/** Each field of a fact with its weight, in a fixed order. */
function fields(f: StoredFact, topicNames: ReadonlyMap<string, Bilingual>): [string, number][] {
  const out: [string, number][] = [];
  for (const q of [...f.questions.en, ...f.questions.zh]) out.push([q, FIELD_WEIGHTS.question]);
  for (const k of [...f.keywords.en, ...f.keywords.zh]) out.push([k, FIELD_WEIGHTS.keyword]);
  out.push([f.id.replace(/-/g, ' '), FIELD_WEIGHTS.id]);
  out.push([both(f.claim), FIELD_WEIGHTS.claim]);
  for (const v of f.values) {
    out.push([String(v.value), FIELD_WEIGHTS.value]);
    out.push([both(v.measures), FIELD_WEIGHTS.measures]);
  }
  const topic = topicNames.get(f.topic);
  if (topic) out.push([`${f.topic} ${both(topic)}`, FIELD_WEIGHTS.topic]);
  out.push([f.quote, FIELD_WEIGHTS.quote]);
  if (f.context) out.push([both(f.context), FIELD_WEIGHTS.context]);
  return out;
}

/** BM25 postings from each document's weighted term counts. */
function table(termCounts: Map<string, number>[]): TermTable {
  const n = termCounts.length;
  const lengths = termCounts.map((tf) => [...tf.values()].reduce((a, b) => a + b, 0));
  const avgLen = lengths.reduce((a, b) => a + b, 0) / Math.max(1, n) || 1;
  // BM25's length normalisation depends only on the document: computed once, not per posting.
  const docNorm = lengths.map((len) => K1 * (1 - B + B * (len / avgLen)));
  const lists = new Map<string, { doc: number; tf: number }[]>();
  termCounts.forEach((tf, doc) => {
    for (const [term, w] of tf) {
      let list = lists.get(term);
      if (!list) lists.set(term, (list = []));
      list.push({ doc, tf: w });
    }
  });
  const out: TermTable = new Map();
  for (const [term, list] of lists) {
    const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
    const weight = isBigram(term) ? BIGRAM_WEIGHT : 1;
    out.set(term, {
      idf,
      docs: Int32Array.from(list, (p) => p.doc),
      contrib: Float64Array.from(list, (p) => idf * weight * ((p.tf * (K1 + 1)) / (p.tf + docNorm[p.doc]!))),
    });
  }
  return out;
}

function add(tf: Map<string, number>, tokens: readonly string[], weight: number): void {
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + weight);
}

/**
 * Share of a fact's questions that must use a word (or its synonym group) for it to be a core
 * word. With six or more questions per fact, written in varied words, a bare majority names
 * incidental words too ("per day" in four of seven): seven in ten keeps the words nearly every
 * phrasing needs. Chosen by `npm run --silent ask:tune`'s cross-validated figures by fact, flat
 * from 0.6 to 0.8.
 */
const CORE_SHARE = 0.7;
const MAJORITY = 0.5;

/** The key a token is compared by: its synonym group if it has one, else itself. */
/** The key a synonym group is counted under, apart from its words' own keys. */
export function groupKey(lang: 'en' | 'zh', group: number): string {
  return `=${lang}${group}`;
}

export function synonymKey(token: string, synonyms: SynonymTable, lang: 'en' | 'zh'): string {
  const g = synonyms.byToken.get(token)?.[0];
  return g === undefined ? token : groupKey(lang, g);
}

function coreWords(questions: readonly string[][], table: TermTable, synonyms: SynonymTable, lang: 'en' | 'zh'): CoreWords {
  const count = new Map<string, { n: number; idf: number }>();
  for (const tokens of questions) {
    const seen = new Set<string>();
    for (const t of tokens) {
      const key = synonymKey(t, synonyms, lang);
      if (seen.has(key)) continue;
      seen.add(key);
      const c = count.get(key) ?? { n: 0, idf: table.get(t)?.idf ?? 0 };
      c.n++;
      count.set(key, c);
    }
  }
  const counted = [...count].filter(([, c]) => c.idf > 0);
  let core = counted.filter(([, c]) => c.n >= CORE_SHARE * questions.length);
  // Where no word is that common (questions worded every which way), the most shared words, if a
  // majority use them: a fact without core words would count every question as naming it.
  if (core.length === 0) {
    const most = Math.max(0, ...counted.map(([, c]) => c.n));
    core = counted.filter(([, c]) => c.n === most && c.n >= MAJORITY * questions.length);
  }
  return { keys: core.map(([k]) => k), weights: core.map(([, c]) => c.idf) };
}

/** The Chinese part from the documents' Chinese text; needs the segmenter. */
export function buildHanPart(source: HanSource, docCount: number, tokenizer: Tokenizer, synonyms: SynonymTable, latin: TermTable, zhWords: readonly string[]): HanPart {
  const counts = Array.from({ length: docCount }, () => new Map<string, number>());
  for (const [i, text] of source.texts.entries()) add(counts[source.docs[i]!]!, tokenizer.han(tokenizer.normalise(text)), source.weights[i]!);
  const han = table(counts);
  const words = (q: string) => {
    const norm = tokenizer.normalise(q);
    return [...tokenizer.latin(norm), ...tokenizer.han(norm).filter((t) => !isBigram(t))];
  };
  // Chinese questions carry English names too ("ChatGPT一天用多少度电"): their core mixes both tables.
  const both: TermTable = new Map([...latin, ...han]);
  const homophones = buildHomophoneTable();
  const sounds = wordsBySound(
    zhWords.filter((w) => /^[\u3400-\u9FFF]{2,6}$/.test(w) && han.has(w)),
    homophones,
  );
  return { table: han, core: source.questions.map((qs) => coreWords(qs.map(words), both, synonyms, 'zh')), homophones, sounds, traditional: buildTraditionalMarks() };
}

function synonymTable(groups: Lexicon['synonyms'], lang: 'en' | 'zh', tokenizer: Tokenizer): SynonymTable {
  const out: SynonymTable = { soft: [], members: [], byToken: new Map(), phrases: [] };
  groups.forEach((g) => {
    const words = g[lang];
    if (words.length === 0) return;
    const group = out.soft.length;
    out.soft.push(g.soft === true);
    const members: string[][] = [];
    for (const word of words) {
      const norm = tokenizer.normalise(word);
      // Chinese members are dictionary words for the segmenter, so each is one token as it stands.
      const tokens = lang === 'zh' ? [norm.trim()] : tokenizer.latin(norm);
      if (tokens.length === 0) continue;
      members.push(tokens);
      const isPhrase = lang === 'en' && norm.trim().includes(' ');
      if (isPhrase) out.phrases.push({ form: phraseForm(norm), group, tokens });
      else
        for (const t of tokens) {
          const list = out.byToken.get(t) ?? [];
          if (!list.includes(group)) list.push(group);
          out.byToken.set(t, list);
        }
    }
    out.members.push(members);
  });
  return out;
}

export interface BuildOptions {
  /** A Chinese segmenter: with one, the Chinese table is built now (a build-time snapshot); without, on first need. */
  segment?: (run: string) => string[];
}

export function buildIndexData(facts: readonly StoredFact[], topicNames: ReadonlyMap<string, Bilingual>, lexicon: Lexicon, opts: BuildOptions = {}): IndexData {
  const rules = textRules(lexicon);
  const noSegmenter = () => {
    throw new Error('the Chinese table is built on first need, with the segmenter');
  };
  const tokenizer = createTokenizer(rules, opts.segment ?? noSegmenter);
  // English phrases as the question's phrase form matches them; Chinese ones as written.
  const phrases = (p: { en: readonly string[]; zh: readonly string[] }) => [...p.en.map((w) => phraseForm(tokenizer.normalise(w))), ...p.zh];
  const latinCounts: Map<string, number>[] = [];
  const written = new Set<string>();
  const hanSource: HanSource = { texts: [], weights: [], docs: [], questions: facts.map((f) => f.questions.zh) };
  const keywordPhrases = new Map<string, KeywordPhrase[]>();

  facts.forEach((f, doc) => {
    const tf = new Map<string, number>();
    for (const [text, weight] of fields(f, topicNames)) {
      const norm = tokenizer.normalise(text);
      const words = tokenizer.latinWords(norm);
      add(
        tf,
        words.map((w) => w[1]),
        weight,
      );
      for (const [w] of words) written.add(w);
      if (/[\u3400-\u9FFF]/.test(norm)) {
        hanSource.texts.push(text);
        hanSource.weights.push(weight);
        hanSource.docs.push(doc);
      }
    }
    latinCounts.push(tf);
    for (const k of [...f.keywords.en, ...f.keywords.zh]) {
      const form = phraseForm(tokenizer.normalise(k));
      // Multi-word and Chinese keywords also count as phrases: "power purchase agreement", "购电协议".
      if (!form.trim().includes(' ') && !/[\u3400-\u9FFF]{2,}/.test(k)) continue;
      const key = phraseKey(form);
      let list = keywordPhrases.get(key);
      if (!list) keywordPhrases.set(key, (list = []));
      // Chinese runs without spaces, so a Chinese phrase is matched anywhere in the text; other phrases only as whole words.
      list.push({ form: isHan(form.charCodeAt(1)) ? form.trim() : form, doc });
    }
  });

  const latin = table(latinCounts);
  const synonymsEn = synonymTable(lexicon.synonyms, 'en', tokenizer);
  const coreEn = facts.map((f) =>
    coreWords(
      f.questions.en.map((q) => tokenizer.latin(tokenizer.normalise(q))),
      latin,
      synonymsEn,
      'en',
    ),
  );
  const synonymsZh = synonymTable(lexicon.synonyms, 'zh', tokenizer);
  for (const g of lexicon.synonyms) for (const w of g.en) for (const [word] of tokenizer.latinWords(tokenizer.normalise(w))) written.add(word);
  // The other ways of writing a thing are spelled too ("comonwealth" for commonwealth, written cfs): the search reads a correction to one as its written form.
  for (const sp of lexicon.spellings) for (const w of sp.en) if (/^[a-z]+$/i.test(w)) written.add(w.toLowerCase());
  const spellable = [...written].filter((t) => /^[a-z][a-z]{3,}$/.test(t)).sort();
  // Framing phrases ("有人说", "介绍一下") go to the segmenter too: cut whole, they are dropped whole, where their pieces would stay as words.
  const zhWords = [
    ...new Set([...facts.flatMap((f) => f.keywords.zh), ...lexicon.synonyms.flatMap((g) => g.zh), ...lexicon.spellings.map((s) => s.as), ...lexicon.zh_dictionary, ...lexicon.framing.zh]),
  ];
  // What a fact names, for its rivals: its claim, figures, keywords and questions (not the public
  // context, which brings in other countries' figures for comparison).
  const factForms = facts.map((f) => {
    const text = tokenizer.normalise(
      [f.claim.en, f.claim.zh, ...f.values.flatMap((v) => [v.measures.en, v.measures.zh]), ...f.keywords.en, ...f.keywords.zh, ...f.questions.en, ...f.questions.zh].join(' \n '),
    );
    return { han: text, form: phraseForm(text) };
  });
  const n = facts.length;
  const data: IndexData = {
    docCount: n,
    rules,
    latin,
    coreEn,
    hanSource,
    maxIdf: Math.log(1 + (n + 0.5) / 0.5),
    keywordPhrases,
    hasFigure: Uint8Array.from(facts, (f) => (f.values.length > 0 ? 1 : 0)),
    spellable,
    synonymsEn,
    synonymsZh,
    figureIntent: phrases(lexicon.figure_intent),
    figureKinds: lexicon.figure_kinds.map((k) => ({ phrases: phrases(k), stated: Uint8Array.from(facts, (f) => (statesUnit(f, k.units) ? 1 : 0)) })),
    rivals: lexicon.rivals.map((g) => g.members.map((m) => ({ phrases: phrases(m), named: Uint8Array.from(factForms, (t) => (holdsPhrase(t.han, t.form, phrases(m)) ? 1 : 0)) }))),
    definitionIntent: phrases(lexicon.definition_intent),
    defines: Uint8Array.from(facts, (f) => (lexicon.definition_intent.topics.includes(f.topic) ? 1 : 0)),
    zhWords,
  };
  if (opts.segment) {
    data.han = buildHanPart(hanSource, n, tokenizer, synonymsZh, latin, zhWords);
    delete data.hanSource;
  }
  return data;
}
