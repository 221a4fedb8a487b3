import type { CommandContext } from '../command.js';
import { say } from '../locale.js';
import type { Reply } from '../replies/model.js';
import type { Card } from './deck.js';

/**
 * A daily post is the /fact answer for the card's fact (its figures, quote, the public context
 * of a disputed figure, related facts as actions), titled with its place in the deck. It goes
 * through the fact command itself, so a post says exactly what /fact would.
 */
export function dailyPost(card: Pick<Card, 'factId' | 'number' | 'total'>, ctx: CommandContext): Reply {
  const fact = ctx.commands.find((c) => c.name === 'fact');
  if (!fact) throw new Error('the fact command is not registered');
  const reply = fact.run({ id: card.factId }, ctx);
  if (reply.kind === 'error') throw new Error(`fact ${card.factId} is not in the store`);
  const label = say(ctx.locale, `Fact ${card.number} of ${card.total}`, `第 ${card.number} 条（共 ${card.total} 条）`);
  return { ...reply, title: `${label}${say(ctx.locale, ': ', '：')}${reply.title}` };
}
