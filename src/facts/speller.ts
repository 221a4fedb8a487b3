import Fuse from 'fuse.js';
import { LRUCache } from 'lru-cache';

/**
 * Spelling correction of question words against the index's own words ("chatgtp", "helio",
 * "microsfot", "stargte", "tritum"), with fuse.js's Bitap matching rather than a hand-rolled
 * edit distance. It runs on the first pass, for every word of five letters or more that the
 * store and the lexicon do not know.
 */

/** Spelling answers remembered; the words people type, and mistype, repeat. */
const SPELLER_MEMORY = 4096;
/** fuse.js's threshold: 0 is an exact match; 0.3 lets one or two slips through in a word of five or more letters. */
const THRESHOLD = 0.3;
/** Shorter words are too often real words the store lacks ("peru" is not "per"). */
const SPELLABLE = /^[a-z][a-z0-9.+]{4,}$/;
/** Two neighbouring letters swapped is a slip in a word of four letters too ("lnog"): the swap must give a store word exactly. */
const SWAPPABLE = /^[a-z]{4,}$/;

/**
 * The word with two neighbouring letters swapped back, when that is a word of the vocabulary
 * ("hydor" → "hydro", "soalr" → "solar", "lnog" → "long"). The commonest slip of all, and one
 * fuse.js's Bitap scores as two errors: too many for a short word under a threshold that keeps
 * "peru" from "per", so each of the word's few swaps is looked up exactly, before fuse.js.
 */
function unswapped(word: string, known: ReadonlySet<string>): string | undefined {
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] === word[i + 1]) continue;
    const candidate = `${word.slice(0, i)}${word[i + 1]}${word[i]}${word.slice(i + 2)}`;
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

/** A spelling corrector, and what it builds on first use built now (a few tens of milliseconds), so no question pays for it. */
export interface Speller {
  (word: string): string | undefined;
  warm(): void;
}

export function createSpeller(vocabulary: readonly string[]): Speller {
  // One small fuse.js index per first letter and length, built on first use from plain
  // strings: a slip rarely hits the first letter or changes a word's length by more than two,
  // and a bucket of a few dozen words answers in microseconds where the whole vocabulary
  // takes milliseconds.
  const buckets = new Map<string, Fuse<string>>();
  const bucket = (word: string) => {
    const key = `${word[0]}${word.length}`;
    let fuse = buckets.get(key);
    if (!fuse) {
      const near = vocabulary.filter((v) => v[0] === word[0] && Math.abs(v.length - word.length) <= 2);
      fuse = new Fuse(near, { threshold: THRESHOLD, includeScore: true, ignoreLocation: true, minMatchCharLength: 3 });
      buckets.set(key, fuse);
    }
    return fuse;
  };
  // The store is fixed once loaded, so a word's correction never changes; the bound keeps a
  // flood of invented words from growing the memory. "" stands for "no correction".
  const known = new Set(vocabulary);
  const corrected = new LRUCache<string, string>({
    max: SPELLER_MEMORY,
    memoMethod: (word) => {
      const swap = unswapped(word, known);
      if (swap) return swap;
      if (!SPELLABLE.test(word)) return '';
      // The word itself may be in the vocabulary (a slip kept in a fact's questions): the best other word.
      const best = bucket(word)
        .search(word, { limit: 2 })
        .find((r) => r.item !== word);
      return best?.item ?? '';
    },
  });
  const speller = (word: string) => (SWAPPABLE.test(word) || SPELLABLE.test(word) ? corrected.memo(word) || undefined : undefined);
  // Every bucket a spellable word could need: each first letter, each length up to two past the longest word.
  const warm = () => {
    const longest = Math.max(0, ...vocabulary.map((v) => v.length));
    for (const first of new Set(vocabulary.map((v) => v[0]!))) for (let length = 5; length <= longest + 2; length++) bucket(first.padEnd(length, first));
  };
  return Object.assign(speller, { warm });
}

/**
 * Chinese slips are one character for another that sounds alike ("数剧中心" for 数据中心,
 * "容量银子" for 容量因子, "托卡玛克" for 托卡马克). The segmenter cuts such a word into pieces it
 * cannot place, so the pieces are put back together and looked up among the store's own
 * Chinese words of the same length: fuse.js finds the nearest, and only a word that differs
 * in exactly one character is taken.
 */
export function createHanSpeller(vocabulary: readonly string[]): Speller {
  const buckets = new Map<number, Fuse<string>>();
  const bucket = (length: number) => {
    let fuse = buckets.get(length);
    if (!fuse) {
      fuse = new Fuse(
        vocabulary.filter((v) => v.length === length),
        { threshold: THRESHOLD + 0.1, includeScore: true, ignoreLocation: true },
      );
      buckets.set(length, fuse);
    }
    return fuse;
  };
  const corrected = new LRUCache<string, string>({
    max: SPELLER_MEMORY,
    memoMethod: (word) => {
      const best = bucket(word.length)
        .search(word, { limit: 3 })
        .find((r) => oneApart(r.item, word));
      return best?.item ?? '';
    },
  });
  const speller = (word: string) => (word.length >= 3 ? corrected.memo(word) || undefined : undefined);
  const warm = () => {
    for (const length of new Set(vocabulary.map((v) => v.length))) bucket(length);
  };
  return Object.assign(speller, { warm });
}

/** Same length, exactly one character different. */
function oneApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length && diff < 2; i++) if (a[i] !== b[i]) diff++;
  return diff === 1;
}
