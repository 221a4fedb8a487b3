import { LRUCache } from 'lru-cache';
import type { StoredFact } from '../facts/load.js';
import type { FactStore } from '../facts/store.js';
import { type Locale, pick, say } from '../locale.js';
import { episodeFooter, factAction, factBlocks } from './build.js';
import type { Reply } from './model.js';
import { equivalenceFigures } from './yardstick.js';

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

/** Replies already built, per store; a store never changes once loaded, so neither do they. */
const built = new WeakMap<FactStore, LRUCache<string, Reply>>();
const MAX_BUILT = 2000;

/**
 * The same fact, related facts and language always give the same answer, so it is built once
 * and shared, frozen, so that no caller can change what the next one is given.
 */
export function factAnswer(fact: StoredFact, related: readonly StoredFact[], store: FactStore, locale: Locale): Reply {
  let replies = built.get(store);
  if (!replies) built.set(store, (replies = new LRUCache({ max: MAX_BUILT })));
  const key = `${locale} ${fact.id} ${related.map((f) => f.id).join(' ')}`;
  let reply = replies.get(key);
  if (!reply) {
    reply = deepFreeze(buildFactAnswer(fact, related, store, locale));
    replies.set(key, reply);
  }
  return reply;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function buildFactAnswer(fact: StoredFact, related: readonly StoredFact[], store: FactStore, locale: Locale): Reply {
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
