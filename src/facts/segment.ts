import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { Jieba } from '@node-rs/jieba';

/**
 * Chinese word segmentation with jieba (@node-rs/jieba, its native binary shipped in the npm
 * package). Loading its dictionary takes a few hundred milliseconds, so it is loaded once, on
 * the first Chinese text that needs it: an English question never pays for it. The store's own
 * Chinese words (keywords, synonyms, the lexicon's dictionary) are added to jieba's dictionary
 * so that "购电协议" or "容量因子" stay whole, as the facts mean them.
 */

/** Above jieba's frequency for most compounds it could split our words into; low enough not to swallow real words around them. */
const STORE_WORD_FREQUENCY = 20000;

export interface SegmenterStats {
  /** Milliseconds spent loading jieba and its dictionaries, once loaded. */
  loadMs?: number;
}

/** How long the one jieba load took in this process, for the benchmark; absent until something Chinese was segmented. */
export const segmenterStats: SegmenterStats = {};

// Synchronous on purpose: a search runs to the end without yielding, and jieba is a CommonJS
// native module, so require() loads it in place where import() would make every search async.
const require = createRequire(import.meta.url);

/** A segmenter for Chinese runs that loads jieba on its first call. */
export function lazySegmenter(words: readonly string[]): (run: string) => string[] {
  let jieba: Jieba | undefined;
  return (run) => {
    if (!jieba) {
      const t0 = performance.now();
      const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
      const { dict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
      jieba = JiebaClass.withDict(dict);
      // Only Chinese runs matter: the tokenizer hands jieba nothing else ("AI数据中心" → "数据中心").
      const own = [...new Set(words.flatMap((w) => w.match(/[\u3400-\u9FFF]{2,}/g) ?? []))];
      if (own.length > 0) jieba.loadDict(Buffer.from(own.map((w) => `${w} ${STORE_WORD_FREQUENCY}`).join('\n')));
      segmenterStats.loadMs = performance.now() - t0;
    }
    // Without the HMM: a run jieba's dictionary does not know stays in single characters, which
    // the search weighs as pieces of a word rather than as one confident unknown word.
    return jieba.cut(run, false);
  };
}
