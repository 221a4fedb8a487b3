import escapeStringRegexp from 'escape-string-regexp';
import { stemmer } from 'stemmer';

/**
 * Tokenising for fact search, in both languages, the same for questions and facts. First the
 * text is normalised: lower-cased, and the lexicon's spellings rewritten ("DC", "data centre"
 * → "data center"). Then English: words reduced to their Porter stems ("invested" and
 * "invest" meet); numbers normalised ("500,000", "50万", "100k" all become #500000); model
 * names that mix letters and digits (H100, GPT-4) kept whole. Chinese: words from a real
 * segmenter (jieba, see segment.ts), plus character pairs marked "~" that only add score.
 *
 * English and Chinese tokens are produced separately so that an English question never
 * needs the Chinese segmenter, which takes a moment to load.
 */

/** What the tokenizer needs from the lexicon, as plain data (it is part of the serialisable index). */
export interface TextRules {
  stopEn: string[];
  stopZh: string[];
  zhPrefixes: string[];
  /** Chinese words kept as the segmenter gives them (the lexicon's synonyms): never cut or dropped. */
  keepZh: string[];
  /** [variant, written as]; English variants match whole words, Chinese ones anywhere. */
  spellingsEn: [string, string][];
  spellingsZh: [string, string][];
}

export interface Tokenizer {
  /** Lower-cased, spellings rewritten: what every other step reads. */
  normalise(text: string): string;
  /** English words, numbers and model names of normalised text. */
  latin(normalised: string): string[];
  /** The same tokens, each with the word as written (before stemming), for the speller. */
  latinWords(normalised: string): [written: string, token: string][];
  /** Chinese words of normalised text (and "~" character pairs); needs the segmenter. */
  han(normalised: string): string[];
}

const CJK = /[\u3400-\u9FFF\uF900-\uFAFF]/;
const CJK_RUN = /[\u3400-\u9FFF\uF900-\uFAFF]+/g;
const ZH_MAGNITUDE: Record<string, number> = { 万: 1e4, 亿: 1e8, 万亿: 1e12 };
/** Suffixes glued to a number ("100k", "1.8bn"): a number's own notation, so parsed here, not listed as words. */
const EN_SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, bn: 1e9, b: 1e9 };
/** Magnitude words after a number ("100 billion"): the number is scaled and the word kept, since facts also say "billions". */
const EN_WORD: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const STEM_MEMORY = 20000;
const NUMBER = /(\d[\d,]*(?:\.\d+)?)\s*(万亿|万|亿|k\b|m\b|bn\b|b\b|thousand\b|million\b|billion\b|trillion\b)?/gi;

export function hasHan(text: string): boolean {
  return CJK.test(text);
}

const ZH_DIGIT: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ZH_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const ZH_SECTION: Record<string, number> = { 万: 1e4, 亿: 1e8 };
const ZH_NUMERAL = /[零一二两三四五六七八九十百千万亿]+/g;
/** Before a numeral, words that make it vague or an ordinal ("几十年", "数百亿", "上千亿", "第十"). */
const ZH_NOT_BEFORE = /[几数上好第成]/;
/** After one, words that make it a fraction, a vague count or an idiom ("十分之一", "百分之", "十几年", "十足"). */
const ZH_NOT_AFTER = /[分几足全]/;

/** The value of a Chinese numeral ("十万" 100000, "三百亿" 3e10, "二十八" 28), or undefined when it is not one number. */
function zhNumeral(text: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const ch of text) {
    if (ch in ZH_DIGIT) {
      // Two digits side by side are a range ("三五年", "五六十"), not a number.
      if (digit !== undefined) return undefined;
      digit = ZH_DIGIT[ch]!;
    } else if (ch in ZH_UNIT) {
      section += (digit ?? 1) * ZH_UNIT[ch]!;
      digit = undefined;
    } else {
      total += (section + (digit ?? 0)) * ZH_SECTION[ch]!;
      section = 0;
      digit = undefined;
    }
  }
  return total + section + (digit ?? 0);
}

/**
 * Chinese numerals written out ("十万张H100", "两万户", "一百倍", "三千亿") as digits, so they
 * meet the facts' "10 万块", "2 万户", "3000 亿". Only a numeral with a magnitude (十, 百, 千,
 * 万, 亿) that starts with a digit or 十: a lone digit is nearly always part of a word ("一天",
 * "三代堆"), and "千瓦", "百万千瓦", "万一" are words, not numbers. Ranges, vague and ordinal
 * numerals stay as written.
 */
export function zhNumerals(text: string): string {
  return text.replace(ZH_NUMERAL, (run, at: number) => {
    // "千瓦", "十千瓦": a 千 before 瓦 is the unit's, not the number's.
    const numeral = text[at + run.length] === '瓦' && run.endsWith('千') ? run.slice(0, -1) : run;
    const rest = run.slice(numeral.length);
    if (!/^[零一二两三四五六七八九十]/.test(numeral) || !/[十百千万亿]/.test(numeral)) return run;
    if (ZH_NOT_BEFORE.test(text[at - 1] ?? '') || (rest === '' && ZH_NOT_AFTER.test(text[at + run.length] ?? ''))) return run;
    const value = zhNumeral(numeral);
    return value === undefined ? run : `${value}${rest}`;
  });
}

function numberToken(n: number): string {
  return `#${Number(n.toPrecision(12))}`;
}

/**
 * One regular expression for all spellings of a language, longest first so "data centre"
 * wins over "data". English variants that start and end with a letter or digit stand as whole
 * words (an optional plural "s" allowed); those that do not ("%", "$") match anywhere, as do
 * Chinese ones. One alternation with the word boundaries outside it keeps the match fast.
 */
function spellingPattern(pairs: readonly [string, string][], words: boolean): { re: RegExp; to: Map<string, string> } | undefined {
  if (pairs.length === 0) return undefined;
  const to = new Map(pairs.map(([from, as]) => [from.toLowerCase(), as.toLowerCase()]));
  const byLength = [...to.keys()].sort((a, b) => b.length - a.length);
  const bounded = words ? byLength.filter((v) => /^[a-z0-9].*[a-z0-9]$|^[a-z0-9]$/.test(v)) : [];
  const loose = byLength.filter((v) => !bounded.includes(v));
  const parts = [
    ...(bounded.length > 0 ? [`(?<![a-z0-9])(?:${bounded.map(escapeStringRegexp).join('|')})s?(?![a-z0-9])`] : []),
    ...(loose.length > 0 ? [`(?:${loose.map(escapeStringRegexp).join('|')})`] : []),
  ];
  return { re: new RegExp(parts.join('|'), 'g'), to };
}

const HAN_WORD = /^[\u3400-\u9FFF]+$/;

export function createTokenizer(rules: TextRules, segment: (run: string) => string[]): Tokenizer {
  const stopEn = new Set(rules.stopEn);
  const stopZh = new Set(rules.stopZh);
  const keepZh = new Set(rules.keepZh);
  const prefix = rules.zhPrefixes.length > 0 ? new RegExp(`^(${rules.zhPrefixes.map(escapeStringRegexp).join('|')})(?=.)`) : undefined;
  const en = spellingPattern(rules.spellingsEn, true);
  const zh = spellingPattern(rules.spellingsZh, false);
  // A match may carry the plural "s" the pattern allows; the variant itself is the match without it.
  const rewrite = (p: { to: Map<string, string> }) => (m: string) => ` ${p.to.get(m) ?? p.to.get(m.slice(0, -1)) ?? m} `;

  function normalise(text: string): string {
    // "一个亿", "两个亿", "几个亿": spoken Chinese counts hundreds of millions with a measure word.
    const counted = text
      .toLowerCase()
      .replace(/([a-z])-(\d{1,2}\b)/g, '$1$2')
      .replace(/([零一二两三四五六七八九十百千几\d])个(?=[亿万])/g, '$1')
      // "六十多万张": sixty-odd ten-thousands is read as the round number.
      .replace(/([零一二两三四五六七八九十百千\d])多(?=[万亿])/g, '$1')
      // "三到五美分": a range of single digits, as the facts write it (3–5).
      .replace(
        /(?<![零一二两三四五六七八九十百千万亿\d])([一二两三四五六七八九])(到|至)([一二两三四五六七八九])(?![十百千万亿])/g,
        (_m, a: string, to: string, b: string) => `${ZH_DIGIT[a]}${to}${ZH_DIGIT[b]}`,
      );
    let t = zhNumerals(counted);
    if (en) t = t.replace(en.re, rewrite(en));
    // A Chinese word put for a Chinese word stays in its run of characters, so the pairs of
    // characters across it count as they would had the question used the store's word ("AI资料中心利润").
    if (zh) t = t.replace(zh.re, (m) => (HAN_WORD.test(m) && HAN_WORD.test(zh.to.get(m) ?? '') ? zh.to.get(m)! : rewrite(zh)(m)));
    return t;
  }

  // Stems repeat from question to question; the Porter stemmer is the costliest step per word.
  const stems = new Map<string, string>();
  const stemOf = (word: string): string => {
    let st = stems.get(word);
    if (st === undefined) {
      if (stems.size >= STEM_MEMORY) stems.clear();
      stems.set(word, (st = stem(word)));
    }
    return st;
  };

  function latinWords(text: string): [string, string][] {
    const out: [string, string][] = [];
    const rest = text.replace(/\b[a-z]+\d+[a-z0-9]*\b/g, (m) => {
      // A stop or framing word that holds a digit ("eli5") names no model.
      if (stopEn.has(m)) return ' ';
      const model = m.replace(/(\d)s$/, '$1');
      out.push([model, model]);
      return ' ';
    });
    const words = rest.replace(NUMBER, (m, digits: string, mag?: string) => {
      const base = Number(digits.replace(/,/g, ''));
      const word = mag?.toLowerCase();
      if (Number.isFinite(base)) out.push([m.trim(), numberToken(base * (mag ? (ZH_MAGNITUDE[mag] ?? EN_SUFFIX[word!] ?? EN_WORD[word!] ?? 1) : 1))]);
      return word && word in EN_WORD ? ` ${word} ` : ' ';
    });
    for (const raw of words.replace(CJK_RUN, ' ').split(/[^a-z0-9.+]+/)) {
      const word = raw.replace(/^\.+|\.+$/g, '');
      if (word.length < 2 || stopEn.has(word)) continue;
      out.push([word, stemOf(word)]);
    }
    return out;
  }

  const latin = (text: string): string[] => latinWords(text).map((w) => w[1]);

  /**
   * Chinese: the segmenter's words, less stop words, plus character pairs within each stretch
   * of kept words. Words decide how much of a question a fact covers; pairs only add score, so
   * a compound split differently, or a slip of one character ("数剧中心"), still meets.
   */
  function han(text: string): string[] {
    const out: string[] = [];
    const plain = text.replace(NUMBER, ' ');
    for (const run of plain.match(CJK_RUN) ?? []) {
      let stretch = '';
      const flush = () => {
        for (let i = 0; i + 1 < stretch.length; i++) out.push(`~${stretch.slice(i, i + 2)}`);
        stretch = '';
      };
      for (const seg of segment(run)) {
        const keep = keepZh.has(seg);
        const word = prefix && !keep ? seg.replace(prefix, '') : seg;
        if (!keep && (stopZh.has(word) || stopZh.has(seg))) {
          flush();
          continue;
        }
        out.push(word);
        stretch += word;
      }
      flush();
    }
    return out;
  }

  return { normalise, latin, latinWords, han };
}

/** Stems a word as the tokenizer does: for the speller, whose corrections are written words. */
export function stem(word: string): string {
  return /\d/.test(word) ? word : stemmer(word);
}

/** Bigram tokens add score but are not words of the question. */
export function isBigram(token: string): boolean {
  return token.startsWith('~');
}

/** Space-padded, punctuation-free form of normalised text, for phrase containment checks. */
export function phraseForm(normalised: string): string {
  return ` ${normalised.replace(/[^\p{L}\p{N}.%]+/gu, ' ').trim()} `;
}
