import { createRequire } from 'node:module';

/**
 * Chinese typed in Traditional characters, as in Taiwan and Hong Kong ("ChatGPT一天用多少電",
 * "電網", "聚變"), is read in the Simplified characters the facts are written in, with OpenCC's
 * dictionaries (opencc-js), characters and Taiwan's variant forms only. OpenCC's Taiwan phrase
 * table ("twp") also turns Taiwan's words into the mainland's, but it is made for software
 * (新增 → 添加, 核心 → 内核, 整合 → 集成) and spoils this field's words, so Taiwan's words
 * of this field (资料中心, 晶片, 伺服器) are the lexicon's spellings instead, as data.
 *
 * Building OpenCC's converter takes tens of milliseconds, so it is built only for a question
 * that holds a Traditional character. Which characters those are is worked out once, at build
 * time, into the snapshot (a bit per character), so a Simplified question never loads OpenCC.
 */

const FIRST = 0x3400;
const LAST = 0x9fff;

type Convert = (text: string) => string;

// Synchronous on purpose, like jieba: a search runs start to end without yielding.
const require = createRequire(import.meta.url);

function converter(): Convert {
  const { Converter } = require('opencc-js/t2cn') as typeof import('opencc-js/t2cn');
  return Converter({ from: 'tw', to: 'cn' });
}

/**
 * One bit per character from U+3400 to U+9FFF, set for a Traditional character: one OpenCC
 * writes otherwise in Simplified and leaves as it is in Traditional. The second test keeps out
 * Simplified characters that are also old Traditional ones (么, which Traditional reads as 幺),
 * so "会变高么" is never converted.
 */
export function buildTraditionalMarks(): Uint8Array {
  const { Converter } = require('opencc-js') as typeof import('opencc-js');
  const toSimplified = converter();
  const toTraditional = Converter({ from: 'cn', to: 'tw' });
  const marks = new Uint8Array(((LAST - FIRST + 1) >> 3) + 1);
  for (let c = FIRST; c <= LAST; c++) {
    const ch = String.fromCodePoint(c);
    if (toSimplified(ch) !== ch && toTraditional(ch) === ch) marks[(c - FIRST) >> 3]! |= 1 << ((c - FIRST) & 7);
  }
  return marks;
}

function holdsTraditional(text: string, marks: Uint8Array): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= FIRST && c <= LAST && (marks[(c - FIRST) >> 3]! & (1 << ((c - FIRST) & 7))) !== 0) return true;
  }
  return false;
}

/** Text as Simplified Chinese: unchanged (and OpenCC never loaded) unless it holds a Traditional character. */
export function createSimplifier(marks: Uint8Array): Convert {
  let convert: Convert | undefined;
  return (text) => {
    if (!holdsTraditional(text, marks)) return text;
    convert ??= converter();
    return convert(text);
  };
}

let toTraditional: Convert | undefined;

/**
 * Simplified text in Traditional characters, for an answer to a question typed in them
 * (characters only, as for reading: OpenCC's Taiwan phrases are a software glossary).
 * OpenCC's Simplified-to-Traditional tables are large, so they load on the first such answer.
 */
export function inTraditional(text: string): string {
  if (!/[\u3400-\u9FFF]/.test(text)) return text;
  const convert = (toTraditional ??= (require('opencc-js/cn2t') as typeof import('opencc-js/cn2t')).Converter({ from: 'cn', to: 'tw' }));
  return convert(text);
}
