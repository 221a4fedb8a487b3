import type { StoredFact } from '../facts/load.js';
import type { FactStore } from '../facts/store.js';
import { pick, say, type Locale } from '../locale.js';
import { equivalenceFigures } from '../quantities/fact-equivalents.js';
import { episodeFooter, factAction, factBlocks } from './build.js';
import type { Reply } from './model.js';

/**
 * One fact as a full answer: claim, figures with their origins, the household comparison,
 * the quote, the public context, related facts, the citation. /ask, /fact and the daily post
 * all show a fact this way.
 */

export const MAX_RELATED = 3;

function titleOf(fact: StoredFact, store: FactStore, locale: Locale): string {
  const first = fact.values[0];
  if (first) return pick(locale, first.measures).replace(/^./, (c) => c.toUpperCase());
  return pick(locale, store.topicById.get(fact.topic)?.name ?? { en: fact.topic, zh: fact.topic });
}

/** The facts a fact lists as related, as far as the store has them. */
export function relatedFacts(fact: StoredFact, store: FactStore): StoredFact[] {
  return fact.related.flatMap((id) => store.byId.get(id) ?? []).slice(0, MAX_RELATED);
}

export function factAnswer(fact: StoredFact, related: StoredFact[], store: FactStore, locale: Locale): Reply {
  const blocks = factBlocks(store, fact, locale, equivalenceFigures(fact, store, locale));
  if (related.length > 0) {
    blocks.push({ type: 'list', title: say(locale, 'Related', '相关'), items: related.map((f) => `${pick(locale, f.claim)} (/fact ${f.id})`) });
  }
  return {
    kind: 'answer',
    title: titleOf(fact, store, locale),
    blocks,
    actions: related.map((f) => factAction(f, locale)),
    footer: episodeFooter(store, locale),
    data: { facts: [fact.id, ...related.map((f) => f.id)] },
  };
}
