import escapeStringRegexp from 'escape-string-regexp';
import type { Lexicon } from './lexicon.js';

/** The lexicon's episode phrases as one expression per lexicon: English on word boundaries, Chinese anywhere. */
const compiled = new WeakMap<Lexicon, RegExp | null>();

function expression(lexicon: Lexicon): RegExp | null {
  let re = compiled.get(lexicon);
  if (re === undefined) {
    const en = lexicon.episode.en.map((p) => `\\b${escapeStringRegexp(p.toLowerCase()).replace(/\s+/g, '\\s+')}\\b`);
    const zh = lexicon.episode.zh.map(escapeStringRegexp);
    const all = [...en, ...zh];
    // Longest first, so that "when was this episode" is taken whole rather than "episode".
    all.sort((a, b) => b.length - a.length);
    re = all.length > 0 ? new RegExp(all.join('|'), 'giu') : null;
    compiled.set(lexicon, re);
  }
  return re;
}

/**
 * What is left of a question about the episode itself ("who are the guests?", "这期嘉宾是谁")
 * once its episode phrases are taken out, or undefined when it holds none: the caller asks
 * whether anything else in it names a topic ("what did the host say about Meta's H100s?" does).
 */
export function episodeQuestionRest(question: string, lexicon: Lexicon): string | undefined {
  const re = expression(lexicon);
  if (!re) return undefined;
  const text = question.replace(/[’‘]/g, "'");
  const rest = text.replace(re, ' ');
  return rest === text ? undefined : rest;
}
