import type { CommandContext } from '../command.js';
import { say } from '../locale.js';
import { factAnswer, relatedFacts } from '../replies/fact-answer.js';
import type { Reply } from '../replies/model.js';
import type { Card } from './deck.js';

/**
 * A daily post is the same answer /fact gives for the card's fact (figures, quote, the public
 * context of a disputed figure, related facts as actions), titled with its place in the deck.
 */
export function dailyPost(card: Pick<Card, 'factId' | 'number' | 'total'>, ctx: Pick<CommandContext, 'store' | 'locale'>): Reply {
  const fact = ctx.store.byId.get(card.factId);
  if (!fact) throw new Error(`fact ${card.factId} is not in the store`);
  const reply = factAnswer(fact, relatedFacts(fact, ctx.store), ctx.store, ctx.locale);
  const label = say(ctx.locale, `Fact ${card.number} of ${card.total}`, `第 ${card.number} 条（共 ${card.total} 条）`);
  return { ...reply, kind: 'fact', title: `${label}${say(ctx.locale, ': ', '：')}${reply.title}` };
}
