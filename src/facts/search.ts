import Fuse from 'fuse.js';
import { LRUCache } from 'lru-cache';
import type { StoredFact } from './load.js';
import type { Bilingual } from './schema.js';
import { isBigram, phraseForm, tokenize } from './tokens.js';
import { topByScore } from './top-by-score.js';

/**
 * Fact search for /ask. A weighted BM25 index over both languages answers in microseconds;
 * fuse.js is kept for what it is good at, spelling slips, and runs only on the few query
 * words the index has never seen, against the index's vocabulary (short strings), never
 * against whole documents.
 */

export interface SearchHit {
  fact: StoredFact;
  score: number;
  /** Share of the question's weight that this fact matched, 0..1. */
  coverage: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** True when the best hit is strong enough to present as the answer. */
  confident: boolean;
  /** Spelling corrections applied to reach `hits`, when the words typed found nothing (index terms: word stems). */
  corrections: { from: string; to: string }[];
  /** False when the text held nothing to search for: only greetings, thanks or filler words. */
  substantive: boolean;
}

export interface SearchIndex {
  search(query: string, limit?: number): SearchResult;
  /** Facts whose id, topic or keywords start with or contain the text, for autocomplete. */
  suggestIds(prefix: string, limit?: number): StoredFact[];
  readonly vocabularySize: number;
}

const FIELD_WEIGHTS = {
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
const PHRASE_BONUS = 4;
/** Below this share of the question matched, the store does not cover it. */
const MIN_COVERAGE = 0.5;
const MIN_SCORE = 3;
const UNKNOWN_WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;
const FIGURE_PRIOR = 1.5;
/** Spelling answers remembered; the words people type, and mistype, repeat. */
const SPELLER_MEMORY = 4096;
const NUMERIC_INTENT = /\b(how (much|many|long|fast|big|often)|when|what (share|percentage|price|year)|cost|price)\b|多少|几|多久|多大|多快|何时|什么时候|哪一?年|比例|占比|价格/i;

interface Posting {
  doc: number;
  tf: number;
}

interface Packed {
  idf: number;
  docs: Int32Array;
  contrib: Float64Array;
}

interface Phrase {
  form: string;
  doc: number;
}

function isHan(code: number): boolean {
  return code >= 0x3400 && code <= 0x9fff;
}

/**
 * A phrase can only occur in a query that contains its first two words (in Chinese, its first
 * two characters), so phrases are filed under that key and only the query's own pairs are
 * looked up. One word or character is the key only when the phrase has no second.
 */
function phraseKey(form: string): string {
  const t = form.trim();
  if (isHan(t.charCodeAt(0))) return isHan(t.charCodeAt(1)) ? t.slice(0, 2) : t[0]!;
  const words = t.split(' ');
  return words.length > 1 ? `${words[0]} ${words[1]}` : words[0]!;
}

/** Every key a phrase in this query could be filed under: words, word pairs, Chinese characters and character pairs. */
function queryKeys(form: string): Set<string> {
  const words = form.trim().split(' ');
  const keys = new Set(words);
  for (let i = 0; i + 1 < words.length; i++) keys.add(`${words[i]} ${words[i + 1]}`);
  for (let i = 0; i < form.length; i++) {
    if (!isHan(form.charCodeAt(i))) continue;
    keys.add(form[i]!);
    if (isHan(form.charCodeAt(i + 1))) keys.add(form.slice(i, i + 2));
  }
  return keys;
}

function addText(tf: Map<string, number>, text: string, weight: number): void {
  for (const t of tokenize(text)) tf.set(t, (tf.get(t) ?? 0) + weight);
}

function both(b: Bilingual): string {
  return `${b.en} ${b.zh}`;
}

export function buildIndex(facts: readonly StoredFact[], topicNames: ReadonlyMap<string, Bilingual>): SearchIndex {
  const postings = new Map<string, Posting[]>();
  const lengths: number[] = [];
  const phrases = new Map<string, Phrase[]>();

  facts.forEach((f, doc) => {
    const tf = new Map<string, number>();
    for (const k of [...f.keywords.en, ...f.keywords.zh]) {
      addText(tf, k, FIELD_WEIGHTS.keyword);
      const form = phraseForm(k);
      // Multi-word and Chinese keywords also count as phrases: "power purchase agreement", "购电协议".
      if (form.trim().includes(' ') || /[\u3400-\u9FFF]{2,}/.test(k)) {
        const key = phraseKey(form);
        let list = phrases.get(key);
        if (!list) phrases.set(key, (list = []));
        // Chinese runs without spaces, so a Chinese phrase is matched anywhere in the text;
        // other phrases only as whole words.
        list.push({ form: isHan(form.charCodeAt(1)) ? form.trim() : form, doc });
      }
    }
    addText(tf, f.id.replace(/-/g, ' '), FIELD_WEIGHTS.id);
    addText(tf, both(f.claim), FIELD_WEIGHTS.claim);
    for (const v of f.values) {
      addText(tf, String(v.value), FIELD_WEIGHTS.value);
      addText(tf, both(v.measures), FIELD_WEIGHTS.measures);
    }
    const topic = topicNames.get(f.topic);
    if (topic) addText(tf, `${f.topic} ${both(topic)}`, FIELD_WEIGHTS.topic);
    addText(tf, f.quote, FIELD_WEIGHTS.quote);
    if (f.context) addText(tf, both(f.context), FIELD_WEIGHTS.context);
    let len = 0;
    for (const [term, w] of tf) {
      len += w;
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push({ doc, tf: w });
    }
    lengths.push(len);
  });

  const n = facts.length;
  const avgLen = lengths.reduce((a, b) => a + b, 0) / Math.max(1, n);
  // BM25's length normalisation depends only on the document: computed once, not per posting.
  const docNorm = Float64Array.from(lengths, (len) => K1 * (1 - B + B * (len / avgLen)));
  const maxIdf = Math.log(1 + (n + 0.5) / 0.5);
  // Everything in a posting's BM25 contribution is fixed once the store is loaded, so each
  // posting stores its finished score; a query only adds them up.
  const packed = new Map<string, Packed>();
  for (const [term, list] of postings) {
    const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
    const weight = isBigram(term) ? BIGRAM_WEIGHT : 1;
    packed.set(term, {
      idf,
      docs: Int32Array.from(list, (p) => p.doc),
      contrib: Float64Array.from(list, (p) => idf * weight * ((p.tf * (K1 + 1)) / (p.tf + docNorm[p.doc]!))),
    });
  }

  // Only words a person might misspell: Latin-letter terms of four letters or more.
  const vocabulary = [...postings.keys()].filter((t) => /^[a-z][a-z0-9.+]{3,}$/.test(t));
  // One small fuse.js index per first letter and length: a slip rarely hits the first letter
  // or changes a word's length by more than two, and a bucket of a few dozen words answers in
  // microseconds where the whole vocabulary takes milliseconds.
  const buckets = new Map<string, Fuse<string>>();
  const bucket = (word: string) => {
    const key = `${word[0]}${word.length}`;
    let fuse = buckets.get(key);
    if (!fuse) {
      const near = vocabulary.filter((v) => v[0] === word[0] && Math.abs(v.length - word.length) <= 2);
      fuse = new Fuse(near, { threshold: 0.3, includeScore: true, ignoreLocation: true, minMatchCharLength: 3 });
      buckets.set(key, fuse);
    }
    return fuse;
  };
  // The store is fixed once loaded, so a word's correction never changes; the bound keeps
  // a flood of invented words from growing the memory. "" stands for "no correction".
  const corrected = new LRUCache<string, string>({
    max: SPELLER_MEMORY,
    memoMethod: (word) => {
      const best = bucket(word).search(word, { limit: 1 })[0];
      return best && best.item !== word ? best.item : '';
    },
  });
  const correction = (word: string): string | undefined => corrected.memo(word) || undefined;

  // Score tables shared by every search (a search runs start to end without yielding), and
  // cleared entry by entry after use: cheaper than a fresh pair of arrays per query.
  const scores = new Float64Array(n);
  const matched = new Float64Array(n);
  const hasFigure = Uint8Array.from(facts, (f) => (f.values.length > 0 ? 1 : 0));

  function rank(terms: string[], query: string, limit: number): { hits: SearchHit[]; unknown: string[] } {
    const touched: number[] = [];
    let totalWeight = 0;
    const unknown: string[] = [];
    const unique = [...new Set(terms)];
    for (const term of unique) {
      const list = packed.get(term);
      if (!list) {
        unknown.push(term);
        // A word the store has never seen is a topic it may not cover; it weighs on coverage.
        if (!isBigram(term)) totalWeight += maxIdf * UNKNOWN_WORD_WEIGHT;
        continue;
      }
      const word = !isBigram(term);
      if (word) totalWeight += list.idf;
      const { docs, contrib } = list;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += contrib[i]!;
        if (word) matched[doc]! += list.idf;
      }
    }
    const form = phraseForm(query);
    for (const key of queryKeys(form)) {
      for (const p of phrases.get(key) ?? []) {
        if (!form.includes(p.form)) continue;
        if (scores[p.doc] === 0) touched.push(p.doc);
        scores[p.doc]! += PHRASE_BONUS;
      }
    }

    // A question after a figure ("how much", "多少", "when") prefers facts that state one.
    if (NUMERIC_INTENT.test(query)) for (const doc of touched) if (hasFigure[doc]) scores[doc]! += FIGURE_PRIOR;

    const hits = topByScore(touched, scores, limit).map((doc): SearchHit => ({ fact: facts[doc]!, score: scores[doc]!, coverage: totalWeight ? matched[doc]! / totalWeight : 0 }));
    for (const doc of touched) scores[doc] = matched[doc] = 0;
    return { hits, unknown };
  }

  const isConfident = (hits: SearchHit[]) => {
    const best = hits[0];
    return best !== undefined && best.score >= MIN_SCORE && best.coverage >= MIN_COVERAGE;
  };

  return {
    vocabularySize: vocabulary.length,
    search(query, limit = 8) {
      const terms = tokenize(query);
      if (terms.length === 0) return { hits: [], confident: false, corrections: [], substantive: false };
      const first = rank(terms, query, limit);
      if (isConfident(first.hits)) return { hits: first.hits, confident: true, corrections: [], substantive: true };
      const corrections: { from: string; to: string }[] = [];
      for (const word of first.unknown) {
        // Short words are too often real words the store lacks ("peru" is not "per").
        if (!/^[a-z][a-z0-9.+]{4,}$/.test(word)) continue;
        const to = correction(word);
        if (to) corrections.push({ from: word, to });
      }
      if (corrections.length === 0) return { hits: first.hits, confident: false, corrections, substantive: true };
      const fixed = terms.map((t) => corrections.find((c) => c.from === t)?.to ?? t);
      const second = rank(fixed, query, limit);
      return { hits: second.hits, confident: false, corrections: isConfident(second.hits) ? corrections : [], substantive: true };
    },
    suggestIds(prefix, limit = 25) {
      const p = prefix.trim().toLowerCase();
      if (!p) return facts.slice(0, limit);
      const starts = facts.filter((f) => f.id.startsWith(p) || f.topic.startsWith(p));
      const contains = facts.filter((f) => !starts.includes(f) && (f.id.includes(p) || f.keywords.en.some((k) => k.includes(p)) || f.keywords.zh.some((k) => k.includes(p))));
      return [...starts, ...contains].slice(0, limit);
    },
  };
}
