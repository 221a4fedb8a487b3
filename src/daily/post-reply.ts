import type { CommandContext } from '../dispatch/command.js';
import { type Locale, say } from '../locale.js';
import { factAnswer, relatedFacts } from '../replies/fact-answer.js';
import type { Reply } from '../replies/model.js';
import type { Card } from './deck.js';

type Place = Pick<Card, 'factId' | 'number' | 'total'>;

/** A /fact answer titled with its place in the channel's deck ("Fact 12 of 195: …"). */
export function inDeck(reply: Reply, card: Place, locale: Locale): Reply {
  const label = say(locale, `Fact ${card.number} of ${card.total}`, `第 ${card.number} 条（共 ${card.total} 条）`);
  return { ...reply, kind: 'fact', title: `${label}${say(locale, ': ', '：')}${reply.title}` };
}

/**
 * What a daily post will look like, for /daily preview: the answer /fact gives for the card's
 * fact (figures, quote, the public context of a disputed figure, related facts as actions).
 */
export function dailyPost(card: Place, ctx: Pick<CommandContext, 'store' | 'locale'>): Reply {
  const fact = ctx.store.byId.get(card.factId);
  if (!fact) throw new Error(`fact ${card.factId} is not in the store`);
  return inDeck(factAnswer(fact, relatedFacts(fact, ctx.store), ctx.store, ctx.locale), card, ctx.locale);
}
