import { type Locale, pick } from '../locale.js';
import { UNIT_SUGGESTIONS } from '../quantities/parse.js';
import type { Runtime } from './execute.js';
import type { CompletionSource } from './options.js';

/**
 * Autocomplete answered from memory, for every platform: Discord's autocomplete, the
 * console's Tab. At most `limit` choices, names within Discord's 100 characters.
 */
export interface Choice {
  name: string;
  value: string;
}

const MAX_NAME = 100;

function clip(s: string): string {
  return s.length <= MAX_NAME ? s : `${s.slice(0, MAX_NAME - 1)}…`;
}

export function complete(source: CompletionSource, typed: string, rt: Runtime, locale: Locale, limit = 25): Choice[] {
  const text = typed.trim();
  switch (source) {
    case 'command':
      return rt.commands
        .filter((c) => c.name.startsWith(text.replace(/^\//, '').toLowerCase()))
        .slice(0, limit)
        .map((c) => ({ name: clip(`${c.name}: ${pick(locale, c.description)}`), value: c.name }));
    case 'fact':
    case 'fact-or-topic': {
      const topics: Choice[] =
        source === 'fact-or-topic'
          ? [
              { name: clip(locale === 'zh' ? 'topics：列出全部话题' : 'topics: list every topic'), value: 'topics' },
              ...rt.store.topics.map((t) => ({ name: clip(`${t.id}: ${pick(locale, t.name)} (${t.facts.length})`), value: t.id })),
            ].filter((c) => !text || c.value.startsWith(text.toLowerCase()) || c.name.includes(text))
          : [];
      const ids = rt.search.suggestIds(text.toLowerCase(), limit);
      const facts = (ids.length > 0 || !text ? ids : rt.search.search(text, limit).hits.map((h) => h.fact)).map((f) => ({ name: clip(`${f.id}: ${pick(locale, f.claim)}`), value: f.id }));
      return [...topics, ...facts].slice(0, limit);
    }
    case 'unit': {
      // Complete the last word of a quantity: "500000 kWh/day to M" → "… to MW", "… to MWh".
      const m = /^(.*?)([A-Za-z\u4e00-\u9fff]*)$/s.exec(typed) ?? ['', typed, ''];
      const head = m[1] ?? '';
      const partial = (m[2] ?? '').toLowerCase();
      const yardsticks = rt.store.equivalences.map((e) => e.aliases[0]!);
      const names = [...UNIT_SUGGESTIONS, ...yardsticks].filter((u) => u.toLowerCase().startsWith(partial));
      return names.slice(0, limit).map((u) => ({ name: clip(`${head}${u}`), value: clip(`${head}${u}`) }));
    }
    case 'compare': {
      // Complete the side being typed: "ITER vs He" → "ITER vs helion", "chatgpt" → "chatgpt-daily-energy".
      const m = /^(.*?(?:\s+(?:vs\.?|versus)\s+|\s*对比\s*))?(.*)$/is.exec(typed) ?? ['', '', typed];
      const head = m[1] ?? '';
      const partial = (m[2] ?? '').trim().toLowerCase();
      const yardsticks = rt.store.equivalences.flatMap((e) => e.aliases.slice(0, 1)).filter((a) => a.toLowerCase().startsWith(partial));
      const ids = rt.search.suggestIds(partial, limit).map((f) => f.id);
      return [...yardsticks, ...ids].slice(0, limit).map((v) => ({ name: clip(`${head}${v}`), value: clip(`${head}${v}`) }));
    }
    case 'growth-preset':
    case 'cluster-preset':
    case 'plant': {
      const presets = rt.store.presets;
      const all = source === 'growth-preset' ? presets?.growth : source === 'cluster-preset' ? presets?.cluster : presets?.plants;
      return (all ?? [])
        .filter((p) => p.id.startsWith(text.toLowerCase()) || p.choice.toLowerCase().includes(text.toLowerCase()))
        .slice(0, limit)
        .map((p) => ({ name: clip(`${p.id}: ${p.choice}`), value: p.id }));
    }
  }
}
