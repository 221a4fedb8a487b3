import { performance } from 'node:perf_hooks';
import { type Evidence, judge, type Match } from './confidence.js';
import { soundOf } from './homophones.js';
import {
  buildHanPart,
  buildIndexData,
  type CoreWords,
  groupKey,
  type HanPart,
  holdsPhrase,
  type IndexData,
  isHan,
  type KeywordPhrase,
  type Postings,
  type SynonymTable,
  synonymKey,
  type TermTable,
} from './index-data.js';
import { lazily } from './lazily.js';
import type { Lexicon } from './lexicon.js';
import type { StoredFact } from './load.js';
import type { Bilingual } from './schema.js';
import { lazySegmenter } from './segment.js';
import { createHanSpeller, createSpeller, type Speller } from './speller.js';
import { createTokenizer, hasHan, isBigram, phraseForm, stem } from './tokens.js';
import { topByScore } from './top-by-score.js';
import { createSimplifier } from './traditional.js';

/**
 * Fact search for /ask over the plain index data of index-data.ts. A question becomes slots,
 * one per word it asks about; each slot looks for the word typed, its synonyms (a little
 * weaker), or, for a word the store has never seen, its spelling correction. A fact scores the
 * best alternative of each slot (BM25, summed over slots), and its coverage is the share of the
 * question's weight it matched. How sure the answer is comes from confidence.ts.
 */

export type { Match } from './confidence.js';

export interface SearchHit {
  fact: StoredFact;
  score: number;
  /** Share of the question's weight that this fact matched, 0..1. */
  coverage: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** How sure the search is of hits[0]: the answer, the closest match, one of several, or nothing. */
  match: Match;
  /** True when the best hit is strong enough to present as the answer (match is 'confident'). */
  confident: boolean;
  /** Spelling corrections applied to reach `hits` (index terms: word stems). */
  corrections: { from: string; to: string }[];
  /** False when the text held nothing to search for: only greetings, thanks or filler words. */
  substantive: boolean;
  /** What the judgement was made on, for tuning and tests. */
  evidence?: Evidence;
}

export interface SearchIndex {
  search(query: string, limit?: number): SearchResult;
  /** Facts whose id, topic or keywords start with or contain the text, for autocomplete. */
  suggestIds(prefix: string, limit?: number): StoredFact[];
  readonly vocabularySize: number;
  /**
   * The text with any Traditional Chinese characters made Simplified, as the search reads it
   * (see facts/traditional.ts): for what reads a question's words outside the search, such as a
   * follow-up's "那個數字" or a quantity's "萬千瓦時".
   */
  simplified(text: string): string;
  /**
   * Builds now what the search otherwise builds on first need (the Chinese segmenter's load,
   * the spelling correctors' buckets, each synonym group's members in the store), so no
   * question pays for it; returns the milliseconds it took. Searching works without it.
   */
  warm(): number;
}

/** A synonym counts a little less than the word typed: the typed word is the better evidence. */
const SYNONYM_WEIGHT = 0.8;
/** A corrected word counts less than a word spelt right: the correction may be wrong. */
const CORRECTED_WEIGHT = 0.8;
/** A word only this many facts hold may be a slip kept in a fact's questions: its correction is looked for too. */
const RARE_DOCS = 1;
/** A word no fact holds weighs on coverage like the rarest word would: it names something the store may lack. */
const UNKNOWN_WORD_WEIGHT = 1;
/** A single Chinese character the store lacks is usually a piece of a word, not a topic of its own. */
const UNKNOWN_HAN_CHAR_WEIGHT = 0.5;
const PHRASE_BONUS = 4;
const FIGURE_PRIOR = 1.5;
/** A question asking what something is ("what is a megawatt-hour") prefers the fact that defines it over one that uses it. */
const DEFINITION_PRIOR = 3;
/** Ranking multiplies a fact's score by its coverage to this power. */
const COVERAGE_EXPONENT = 1;
/** How much an English question's best few lose for each share of their core words it leaves out, and how many. */
const CORE_RERANK = 0.3;
const CORE_RERANK_TOP = 3;
/** How much the best few gain for the share of the question found in their nearest own question, and how many. */
const NEAREST_QUESTION = 2;
const NEAREST_TOP = 3;
/** What a word no fact holds would add to a fact that held it: about one keyword's worth per unit of weight. */
const UNKNOWN_IDEAL = 1.5;

interface Alternative {
  table: TermTable;
  tokens: string[];
  weight: number;
}

interface Slot {
  alternatives: Alternative[];
  /** The store holds the word typed, a synonym of it, or its correction. */
  known: boolean;
  /** Its share of the question, for coverage. */
  weight: number;
  /** Soft slots (question words) add score, never weigh on coverage. */
  soft: boolean;
  /** The keys core words are compared by: the word and its synonym groups. */
  keys: string[];
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

/** Share of a fact's core words (by weight) that the question does not name, 0..1. */
/** A Chinese text's character pairs within runs (but pairs of stop characters), and its Latin words ("CFS", "h100"), lower-cased. */
function hanGrams(text: string, stop: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const run of text.split(/[^\u3400-\u9fff]+/)) {
    for (let i = 0; i + 1 < run.length; i++) {
      // Two characters that each carry no topic ("多少", "还要") say how a question is asked, not what about.
      if (stop.has(run[i]!) && stop.has(run[i + 1]!)) continue;
      out.add(run.slice(i, i + 2));
    }
  }
  for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) out.add(w);
  return out;
}

function coreMiss(core: CoreWords | undefined, slots: readonly Slot[], partKeys?: (word: string) => string[]): number {
  if (!core || core.keys.length === 0) return 0;
  const named = new Set(slots.flatMap((s) => s.keys));
  // A Chinese compound names the words inside it ("输电线路建设" names 输电线路): jieba keeps a
  // keyword whole where the fact's own questions used its parts.
  if (partKeys) for (const n of [...named]) if (n.length >= 3 && isHan(n.charCodeAt(0))) for (const k of partKeys(n)) named.add(k);
  let total = 0;
  let missed = 0;
  core.keys.forEach((key, i) => {
    total += core.weights[i]!;
    if (!named.has(key)) missed += core.weights[i]!;
  });
  return missed / total;
}

/**
 * Where a run of tokens stands in the text: each token after the first at most one character
 * (a dropped stop word) past the one before. Undefined when the tokens do not stand together.
 */
function spanOf(text: string, pieces: readonly string[]): { start: number; end: number } | undefined {
  let start = text.indexOf(pieces[0]!);
  while (start >= 0) {
    let end = start + pieces[0]!.length;
    let ok = true;
    for (const p of pieces.slice(1)) {
      if (text.startsWith(p, end)) end += p.length;
      else if (isHan(text.codePointAt(end) ?? 0) && text.startsWith(p, end + 1)) end += 1 + p.length;
      else {
        ok = false;
        break;
      }
    }
    if (ok) return { start, end };
    start = text.indexOf(pieces[0]!, start + 1);
  }
  return undefined;
}

/** Whether a posting list holds the document: lists are in document order, so a binary search. */
function holds(list: Postings | undefined, doc: number): boolean {
  if (!list) return false;
  let lo = 0;
  let hi = list.docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = list.docs[mid]!;
    if (d === doc) return true;
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function idfOf(table: TermTable, tokens: readonly string[]): number {
  let sum = 0;
  for (const t of tokens) sum += table.get(t)?.idf ?? 0;
  return sum;
}

export function openIndex(data: IndexData, facts: readonly StoredFact[]): SearchIndex {
  const n = data.docCount;
  const tokenizer = createTokenizer(data.rules, lazySegmenter(data.zhWords));
  let han = data.han;
  const hanPart = (): HanPart => {
    han ??= data.hanLoad?.() ?? buildHanPart(data.hanSource ?? { texts: [], weights: [], docs: [], questions: [] }, n, tokenizer, data.synonymsZh, data.latin, data.zhWords);
    return han;
  };
  const hanTable = (): TermTable => hanPart().table;
  let simplifier: ((text: string) => string) | undefined;
  const simplified = (text: string): string => {
    if (!hasHan(text)) return text;
    simplifier ??= createSimplifier(hanPart().traditional);
    return simplifier(text);
  };
  const speller = createSpeller(data.spellable);
  const stopSpeller = lazily(() => createSpeller(data.rules.stopEn.filter((w) => /^[a-z]{4,}$/.test(w))));
  let hanSpeller: Speller | undefined;
  const hanSpellerFor = (table: TermTable): Speller => {
    hanSpeller ??= createHanSpeller(data.zhWords.filter((w) => /^[\u3400-\u9FFF]{3,6}$/.test(w) && table.has(w)));
    return hanSpeller;
  };

  /**
   * Chinese tokens with slips put right: a run of up to three pieces, one of them a single
   * character or a word unknown to the store, that is one character away from a store word
   * becomes that word.
   */
  function correctHan(text: string, tokens: readonly string[], table: TermTable, corrections: { from: string; to: string }[]): string[] {
    const hanSpeller = hanSpellerFor(table);
    const { homophones, sounds } = hanPart();
    // The character put right must not be one the lexicon knows as a word ("耗几倍" is not a slip of "翻几倍").
    const meant = (w: string, to: string) => [...w].some((ch, k) => ch !== to[k] && data.synonymsZh.byToken.has(ch));
    /**
     * The store word this one is a slip of: in the first pass one that sounds the same (the
     * input method's slip, so it is tried on every run before any other kind), in the second
     * one character apart.
     */
    const fix = (w: string, split: boolean, pass: 'sound' | 'near'): string | undefined => {
      if (w.length > 6 || w.length < (split ? 2 : 3)) return undefined;
      if (pass === 'sound') {
        const sound = soundOf(w, homophones);
        const alike = sound === undefined ? undefined : sounds.get(sound);
        return alike && alike !== w && !meant(w, alike) ? alike : undefined;
      }
      const near = w.length >= 3 ? hanSpeller(w) : undefined;
      return near !== undefined && !meant(w, near) ? near : undefined;
    };
    // A whole word the store knows is left alone; single characters are what a slip leaves behind.
    const known = (t: string) => t.length > 1 && (table.has(t) || data.synonymsZh.byToken.has(t));
    // Every run is tried for a homophone before any for a near spelling, so "一座电战" becomes
    // 电站 rather than 一度电.
    const sweep = (words: readonly string[], pass: 'sound' | 'near'): string[] => {
      const out: string[] = [];
      for (let i = 0; i < words.length; ) {
        let taken = 0;
        for (let size = Math.min(3, words.length - i); size >= 1 && taken === 0; size--) {
          const piece = words.slice(i, i + size);
          const joined = piece.join('');
          // Pieces of one slip stand side by side in the question (a word put right in the first
          // pass does not stand in the text, so it is never taken again).
          if (joined.length > 6 || piece.every(known)) continue;
          const span = spanOf(text, piece);
          if (!span) continue;
          // A slip may leave a piece the tokens dropped as a stop word: inside the run ("星级之门":
          // 之), or as its last character ("翰海聚能": 能), so the run is tried as the text has it,
          // and with the character after it unless that starts the next token (the next, longer
          // run tries that).
          const next = text[span.end] ?? '';
          const written = text.slice(span.start, span.end);
          const extended = isHan(next.codePointAt(0) ?? 0) && !words[i + size]?.startsWith(next) ? written + next : undefined;
          // Two characters the segmenter could not join ("电战" as 电 and 战) may be a slip too;
          // a two-character word it knows ("夏天") is a word, not a slip.
          const split = piece.every((t) => t.length === 1);
          let to: string | undefined;
          const from = [written, ...(extended ? [extended] : [])].find((w) => (to = fix(w, split, pass)) !== undefined);
          if (from && to) {
            corrections.push({ from, to });
            out.push(to);
            taken = size;
          }
        }
        if (taken === 0) out.push(words[i]!);
        i += Math.max(1, taken);
      }
      return out;
    };
    const byName = sweep(
      tokens.filter((t) => !isBigram(t)),
      'sound',
    );
    return [...tokens.filter(isBigram), ...sweep(byName, 'near')];
  }
  // Longest phrases first, so "power purchase agreement" is taken before "purchase agreement".
  const enPhrases = [...data.synonymsEn.phrases].sort((a, b) => b.form.length - a.form.length);

  // Score tables shared by every search (a search runs start to end without yielding), and
  // cleared entry by entry after use: cheaper than fresh arrays per query.
  const scores = new Float64Array(n);
  const matched = new Float64Array(n);
  const slotScore = new Float64Array(n);
  const slotCover = new Float64Array(n);
  const altScore = new Float64Array(n);
  const altHits = new Float64Array(n);

  // Each group's members that some fact holds, worked out once per table and group.
  const present = new Map<TermTable, Map<number, string[][]>>();
  function membersIn(table: TermTable, synonyms: SynonymTable, g: number): string[][] {
    let byGroup = present.get(table);
    if (!byGroup) present.set(table, (byGroup = new Map()));
    let members = byGroup.get(g);
    if (!members) byGroup.set(g, (members = synonyms.members[g]!.filter((tokens) => tokens.some((t) => table.has(t)))));
    return members;
  }

  function groupAlternatives(table: TermTable, synonyms: SynonymTable, groups: readonly number[], typed: readonly string[], scale: number): Alternative[] {
    const out: Alternative[] = [];
    for (const g of groups) {
      for (const tokens of membersIn(table, synonyms, g)) {
        if (tokens.length === typed.length && tokens.every((t, i) => t === typed[i])) continue;
        out.push({ table, tokens, weight: SYNONYM_WEIGHT * scale });
      }
    }
    return out;
  }

  function slotFor(table: TermTable, synonyms: SynonymTable, tokens: string[], groups: readonly number[], scale: number, unknownWeight: number, lang: 'en' | 'zh'): Slot {
    const typed: Alternative[] = tokens.some((t) => table.has(t)) ? [{ table, tokens, weight: scale }] : [];
    const alternatives = [...typed, ...groupAlternatives(table, synonyms, groups, tokens, scale)];
    const soft = groups.length > 0 && groups.every((g) => synonyms.soft[g]);
    // A word the store holds weighs what it is worth there; a synonym of one, what its group's words are worth.
    const weight = typed.length > 0 ? idfOf(table, tokens) : alternatives.length > 0 ? Math.max(...alternatives.map((a) => idfOf(table, a.tokens))) : unknownWeight;
    const keys = [...tokens, ...groups.map((g) => groupKey(lang, g))];
    return { alternatives, weight, soft, known: alternatives.length > 0, keys };
  }

  /** Whether a document holds any word of any alternative of the slot. */
  function slotMatches(slot: Slot, doc: number): boolean {
    return slot.alternatives.some((a) => a.tokens.some((t) => holds(a.table.get(t), doc)));
  }

  function slotsOf(query: string): { slots: Slot[]; bigrams: string[]; corrections: { from: string; to: string }[]; substantive: boolean; norm: string; zh: boolean } {
    const norm = tokenizer.normalise(simplified(query));
    const slots: Slot[] = [];
    const corrections: { from: string; to: string }[] = [];
    const latinWords = tokenizer.latinWords(norm);
    let latinTokens = latinWords.map((w) => w[1]);
    const writtenAs = new Map(latinWords.map(([w, t]) => [t, w]));
    let rest = phraseForm(norm);
    for (const p of enPhrases) {
      if (!rest.includes(p.form)) continue;
      rest = rest.replace(p.form, ' ');
      const remaining = [...latinTokens];
      for (const t of p.tokens) {
        const i = remaining.indexOf(t);
        if (i >= 0) remaining.splice(i, 1);
      }
      latinTokens = remaining;
      slots.push(slotFor(data.latin, data.synonymsEn, p.tokens, [p.group], 1, data.maxIdf * UNKNOWN_WORD_WEIGHT, 'en'));
    }
    for (const token of new Set(latinTokens)) {
      let word = token;
      let scale = 1;
      const known = data.latin.has(word) || data.synonymsEn.byToken.has(word);
      // A word the store lacks is looked up in the speller; so is one only a fact's question
      // holds, since those keep the slips people type ("chatgtp") beside the right word.
      const rare = known && (data.latin.get(word)?.docs.length ?? 0) <= RARE_DOCS;
      let also: string | undefined;
      if (!known || rare) {
        const to = speller(writtenAs.get(word) ?? word);
        // A correction to another way of writing a thing ("comonwealth" → "commonwealth") is read as the store writes it (cfs).
        const toToken = to && (tokenizer.latinWords(tokenizer.normalise(to))[0]?.[1] ?? stem(to));
        if (toToken && toToken !== word && (data.latin.has(toToken) || data.synonymsEn.byToken.has(toToken))) {
          corrections.push({ from: word, to: toToken });
          if (known) also = toToken;
          else {
            word = toToken;
            scale = CORRECTED_WEIGHT;
          }
        }
      }
      // A slip of a word that asks rather than names ("how lnog does it take", "whihc") is set
      // aside as that word is, not weighed as a word the store lacks.
      if (!known && word === token && stopSpeller()(writtenAs.get(token) ?? token) !== undefined) continue;
      const slot = slotFor(data.latin, data.synonymsEn, [word], data.synonymsEn.byToken.get(word) ?? [], scale, data.maxIdf * UNKNOWN_WORD_WEIGHT, 'en');
      if (also) {
        const fixed = slotFor(data.latin, data.synonymsEn, [also], data.synonymsEn.byToken.get(also) ?? [], CORRECTED_WEIGHT, 0, 'en');
        slot.alternatives.push(...fixed.alternatives);
        slot.keys.push(...fixed.keys);
      }
      slots.push(slot);
    }
    const bigrams: string[] = [];
    let hanWords = 0;
    if (hasHan(norm)) {
      const table = hanTable();
      const seen = new Set<string>();
      for (const token of correctHan(norm, tokenizer.han(norm), table, corrections)) {
        if (seen.has(token)) continue;
        seen.add(token);
        if (isBigram(token)) {
          bigrams.push(token);
          continue;
        }
        hanWords++;
        const unknown = data.maxIdf * UNKNOWN_WORD_WEIGHT * (token.length === 1 ? UNKNOWN_HAN_CHAR_WEIGHT : 1);
        slots.push(slotFor(table, data.synonymsZh, [token], data.synonymsZh.byToken.get(token) ?? [], 1, unknown, 'zh'));
      }
    }
    return { slots, bigrams, corrections, substantive: slots.length > 0 || hanWords > 0, norm, zh: hanWords > 0 };
  }

  /** Adds one slot's best alternative per document to the scores, fills `touched`, and returns the best any document scored on it. */
  function scoreSlot(slot: Slot, touched: number[], inSlot: number[]): number {
    let best = 0;
    for (const alt of slot.alternatives) {
      const altDocs: number[] = [];
      for (const t of alt.tokens) {
        const list: Postings | undefined = alt.table.get(t);
        if (!list) continue;
        const { docs, contrib } = list;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i]!;
          if (altHits[doc] === 0) altDocs.push(doc);
          altScore[doc]! += contrib[i]!;
          altHits[doc]! += 1;
        }
      }
      for (const doc of altDocs) {
        const s = altScore[doc]! * alt.weight;
        const cover = (alt.weight * altHits[doc]!) / alt.tokens.length;
        if (slotScore[doc] === 0 && slotCover[doc] === 0) inSlot.push(doc);
        if (s > slotScore[doc]!) slotScore[doc] = s;
        if (cover > slotCover[doc]!) slotCover[doc] = cover;
        altScore[doc] = altHits[doc] = 0;
      }
    }
    for (const doc of inSlot) {
      if (slotScore[doc]! > best) best = slotScore[doc]!;
      if (scores[doc] === 0 && matched[doc] === 0) touched.push(doc);
      scores[doc]! += slotScore[doc]!;
      if (!slot.soft) matched[doc]! += slot.weight * slotCover[doc]!;
      slotScore[doc] = slotCover[doc] = 0;
    }
    inSlot.length = 0;
    return best;
  }

  function search(query: string, limit = 8): SearchResult {
    const { slots, bigrams, corrections, substantive, norm, zh } = slotsOf(query);
    if (!substantive) return { hits: [], match: 'none', confident: false, corrections: [], substantive: false };
    const touched: number[] = [];
    const inSlot: number[] = [];
    let totalWeight = 0;
    // The score a fact would have if it matched every word as well as the best fact does for
    // that word; a word no fact holds counts as if one held it once.
    let ideal = 0;
    for (const slot of slots) {
      if (!slot.soft) totalWeight += slot.weight;
      const best = scoreSlot(slot, touched, inSlot);
      if (!slot.soft) ideal += slot.known ? best : slot.weight * UNKNOWN_IDEAL;
    }
    if (bigrams.length > 0) {
      const table = hanTable();
      for (const b of bigrams) {
        const list = table.get(b);
        if (!list) continue;
        for (let i = 0; i < list.docs.length; i++) {
          const doc = list.docs[i]!;
          if (scores[doc] === 0 && matched[doc] === 0) touched.push(doc);
          scores[doc]! += list.contrib[i]!;
        }
      }
    }
    const form = phraseForm(norm);
    for (const key of queryKeys(form)) {
      for (const p of data.keywordPhrases.get(key) ?? ([] as KeywordPhrase[])) {
        if (!form.includes(p.form)) continue;
        if (scores[p.doc] === 0 && matched[p.doc] === 0) touched.push(p.doc);
        scores[p.doc]! += PHRASE_BONUS;
      }
    }
    // A question after a figure ("how much", "多少", "when") prefers facts that state one.
    // Chinese phrases anywhere in the text, English ones as whole words of its phrase form.
    const says = (phrases: readonly string[]) => holdsPhrase(norm, form, phrases);
    if (says(data.figureIntent)) {
      for (const doc of touched) if (data.hasFigure[doc]) scores[doc]! += FIGURE_PRIOR;
    }
    if (says(data.definitionIntent)) {
      for (const doc of touched) if (data.defines[doc]) scores[doc]! += DEFINITION_PRIOR;
    }
    // A fact that matches the whole question beats one that matches a part of it many times over.
    const coverage = (doc: number) => (totalWeight ? Math.min(1, matched[doc]! / totalWeight) : 0);
    const bestRaw = { doc: -1, score: 0 };
    for (const doc of touched) {
      const raw = scores[doc]!;
      scores[doc]! *= coverage(doc) ** COVERAGE_EXPONENT;
      if (scores[doc]! > (bestRaw.doc < 0 ? -1 : scores[bestRaw.doc]!)) Object.assign(bestRaw, { doc, score: raw });
    }
    const top = topByScore(touched, scores, Math.max(limit, 2));
    // English: among the best few, a fact whose core words (those most of its own questions use)
    // the question leaves out gives way to one whose it names. Chosen on the tuning sets by
    // cross-validation (`npm run --silent ask:tune`): 0.25 to 0.4 and the best 2 to 5 alike;
    // in Chinese, where core words are character runs, it did not help.
    if (!zh) reorderHead(top, CORE_RERANK_TOP, (doc) => 1 - CORE_RERANK * coreMiss(data.coreEn[doc], slots));
    // Among the best few, a fact one of whose own questions the question nearly repeats gains on
    // the others: FAQ retrieval's nearest question, on top of the fields' word counts. Chosen on
    // two fresh blind sets (tuning8, tuning9) before they were tuned on: +13 English and +13
    // Chinese first facts of 378 each, 5 fewer declines of 200 (see docs/development.md).
    if (top.length > 1) {
      const asked = zh ? hanGrams(norm, stopChars()) : new Set(slots.filter((x) => !x.soft).flatMap((x) => x.keys));
      reorderHead(top, NEAREST_TOP, (doc) => 1 + NEAREST_QUESTION * nearestQuestion(doc, asked, zh));
    }
    const hits = top.map((doc): SearchHit => ({ fact: facts[doc]!, score: scores[doc]!, coverage: coverage(doc) }));
    for (const doc of touched) scores[doc] = matched[doc] = 0;
    // What the best fact leaves out: words the store knows elsewhere (a different thing than it
    // states), and words the store does not know at all (often only phrasing).
    let knownMiss = 0;
    let knownMissMax = 0;
    let unknown = 0;
    const bestDoc = top[0];
    for (const slot of slots) {
      if (slot.soft) continue;
      if (!slot.known) unknown += slot.weight;
      else if (bestDoc !== undefined && !slotMatches(slot, bestDoc)) {
        knownMiss += slot.weight;
        knownMissMax = Math.max(knownMissMax, slot.weight);
      }
    }
    const evidence: Evidence = {
      score: hits[0]?.score ?? 0,
      coverage: hits[0]?.coverage ?? 0,
      second: hits[1]?.score ?? 0,
      secondCoverage: hits[1]?.coverage ?? 0,
      knownMiss: totalWeight ? knownMiss / totalWeight : 0,
      knownMissMax: knownMissMax / data.maxIdf,
      unknown: totalWeight ? unknown / totalWeight : 0,
      words: slots.filter((s) => !s.soft).length,
      relative: bestDoc !== undefined && bestDoc === bestRaw.doc && ideal > 0 ? bestRaw.score / ideal : 0,
      coreMiss: bestDoc === undefined ? 1 : coreMiss((zh ? hanPart().core : data.coreEn)[bestDoc], slots, zh ? hanPartKeys : undefined),
      zh,
      kindMiss: bestDoc !== undefined && asksKindItLacks(bestDoc, says),
      rivalMiss: bestDoc !== undefined && namesRival(bestDoc, says),
    };
    const match = judge(evidence);
    return { hits: hits.slice(0, limit), match, confident: match === 'confident', corrections, substantive: true, evidence };
  }

  /** The best `n` facts' scores multiplied by `factor`, and the best `n` sorted again (the rest stay below). */
  function reorderHead(top: number[], n: number, factor: (doc: number) => number): void {
    if (top.length < 2) return;
    const head = top.slice(0, n);
    for (const doc of head) scores[doc]! *= factor(doc);
    top.splice(0, head.length, ...head.sort((a, b) => scores[b]! - scores[a]!));
  }

  /** Kinds of figure that no fact states (a place, a company's CEO), found once. */
  const unstatedKinds = new Set(data.figureKinds.filter((k) => k.stated.indexOf(1) < 0));

  /**
   * The question names kinds of figure, and the fact states a figure of none of them; or it names
   * a kind no fact states (a place, a company's CEO), whatever else it names ("which town is
   * Google's $1 billion data centre in").
   */
  function asksKindItLacks(doc: number, says: (phrases: readonly string[]) => boolean): boolean {
    const asked = data.figureKinds.filter((k) => says(k.phrases));
    return asked.length > 0 && (!asked.some((k) => k.stated[doc] === 1) || asked.some((k) => unstatedKinds.has(k)));
  }

  /** The question names a member of a rival group, and the fact names another of it and none the question names. */
  function namesRival(doc: number, says: (phrases: readonly string[]) => boolean): boolean {
    return data.rivals.some((group) => {
      const asked = group.filter((m) => says(m.phrases));
      return asked.length > 0 && !asked.some((m) => m.named[doc] === 1) && group.some((m) => m.named[doc] === 1);
    });
  }

  let stopCharSet: Set<string> | undefined;
  /** The one-character Chinese stop words. */
  const stopChars = () => (stopCharSet ??= new Set(data.rules.stopZh.filter((w) => w.length === 1)));
  // Each fact's own questions as sets of what a question is compared by: built by warm(), or on first need.
  const questionSets = { en: new Map<number, Set<string>[]>(), zh: new Map<number, Set<string>[]>() };
  function ownQuestions(doc: number, zh: boolean): Set<string>[] {
    const cache = zh ? questionSets.zh : questionSets.en;
    let list = cache.get(doc);
    if (!list) {
      const own = facts[doc]!.questions;
      // English: each word and its synonym groups, as a question's slots are keyed; without the
      // speller, which a plain first question would otherwise load for the facts' rare words.
      const keysOf = (q: string) => new Set(tokenizer.latin(tokenizer.normalise(q)).flatMap((t) => [t, ...(data.synonymsEn.byToken.get(t) ?? []).map((g) => groupKey('en', g))]));
      list = zh ? own.zh.map((q) => hanGrams(tokenizer.normalise(simplified(q)), stopChars())) : own.en.map(keysOf);
      cache.set(doc, list);
    }
    return list;
  }

  /** The share of the question's words (English) or character pairs (Chinese) in the fact's nearest own question. */
  function nearestQuestion(doc: number, asked: ReadonlySet<string>, zh: boolean): number {
    if (asked.size === 0) return 0;
    let best = 0;
    for (const own of ownQuestions(doc, zh)) {
      let n = 0;
      for (const x of asked) if (own.has(x)) n++;
      best = Math.max(best, n / asked.size);
    }
    return best;
  }

  /** The words inside a Chinese compound ("输电线路建设" holds 输电线路, 建设), as core words are keyed. */
  function hanPartKeys(word: string): string[] {
    const out: string[] = [];
    for (let i = 0; i < word.length; i++) for (let j = i + 2; j <= word.length; j++) if (j - i < word.length) out.push(synonymKey(word.slice(i, j), data.synonymsZh, 'zh'));
    return out;
  }

  function warm(): number {
    const t0 = performance.now();
    const table = hanTable();
    tokenizer.han(tokenizer.normalise('预热'));
    speller.warm();
    hanSpellerFor(table).warm();
    for (const [t, synonyms] of [
      [data.latin, data.synonymsEn],
      [table, data.synonymsZh],
    ] as const)
      for (let g = 0; g < synonyms.members.length; g++) membersIn(t, synonyms, g);
    // Every fact's own questions as the nearest-question comparison reads them, so that no
    // question pays for reading a fact's questions the first time that fact is among its best.
    for (let doc = 0; doc < facts.length; doc++) for (const zh of [false, true]) ownQuestions(doc, zh);
    return performance.now() - t0;
  }

  return {
    vocabularySize: data.spellable.length,
    search,
    simplified,
    warm,
    suggestIds(prefix, limit = 25) {
      const p = prefix.trim().toLowerCase();
      if (!p) return facts.slice(0, limit);
      const starts = facts.filter((f) => f.id.startsWith(p) || f.topic.startsWith(p));
      const contains = facts.filter((f) => !starts.includes(f) && (f.id.includes(p) || f.keywords.en.some((k) => k.includes(p)) || f.keywords.zh.some((k) => k.includes(p))));
      return [...starts, ...contains].slice(0, limit);
    },
  };
}

/** Builds the index data and opens it: what start-up does until a build-time snapshot holds the data. */
export function buildIndex(facts: readonly StoredFact[], topicNames: ReadonlyMap<string, Bilingual>, lexicon: Lexicon): SearchIndex {
  return openIndex(buildIndexData(facts, topicNames, lexicon), facts);
}
