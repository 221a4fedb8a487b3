import { createRequire } from 'node:module';

/**
 * Chinese slips are mostly homophones: a pinyin input method offers every character of a
 * syllable, and the wrong one is picked ("电战" for 电站, "瓶劲" for 瓶颈, "头资" for 投资). So a
 * word is looked up by its sound: each character's syllable (tones dropped, as people type
 * pinyin), from pinyin-pro's dictionary. The table is built once, at build time, into the
 * snapshot; pinyin-pro loads only when the index is built from the files.
 */

const FIRST = 0x4e00;
const LAST = 0x9fff;

export interface HomophoneTable {
  /** Every syllable, once; `ofChar[c - FIRST]` is its index plus one (0: no reading known). */
  syllables: string[];
  ofChar: Uint16Array;
}

// Synchronous on purpose, like jieba: building the index runs start to end without yielding.
const require = createRequire(import.meta.url);

export function buildHomophoneTable(): HomophoneTable {
  const { pinyin } = require('pinyin-pro') as typeof import('pinyin-pro');
  const ids = new Map<string, number>();
  const ofChar = new Uint16Array(LAST - FIRST + 1);
  for (let c = FIRST; c <= LAST; c++) {
    const syllable = pinyin(String.fromCodePoint(c), { toneType: 'none', type: 'array' })[0];
    // A character pinyin-pro has no reading for comes back as itself.
    if (!syllable || !/^[a-zü]+$/.test(syllable)) continue;
    let id = ids.get(syllable);
    if (id === undefined) ids.set(syllable, (id = ids.size + 1));
    ofChar[c - FIRST] = id;
  }
  return { syllables: [...ids.keys()], ofChar };
}

/** The word's sound as syllable ids ("12.845"), or undefined when a character has no reading. */
export function soundOf(word: string, table: HomophoneTable): string | undefined {
  const ids: number[] = [];
  for (const ch of word) {
    const c = ch.codePointAt(0)!;
    const id = c >= FIRST && c <= LAST ? table.ofChar[c - FIRST]! : 0;
    if (id === 0) return undefined;
    ids.push(id);
  }
  return ids.join('.');
}

/** The store's words by their sound; a sound two words share ("实时", "事实") names neither. */
export function wordsBySound(words: readonly string[], table: HomophoneTable): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of new Set(words)) {
    const sound = soundOf(w, table);
    if (sound === undefined) continue;
    out.set(sound, out.has(sound) && out.get(sound) !== w ? '' : w);
  }
  return out;
}
