import type { InteractionReplyOptions } from 'discord.js';
import type { WithFiles } from './chart.js';

/**
 * The renderer's API-shaped message as discord.js reply options. Embeds and components pass
 * through as raw JSON; mentions are disabled here as well as in the client's defaults.
 */
export function toReplyOptions(m: WithFiles): InteractionReplyOptions {
  return {
    ...(m.files && { files: m.files }),
    ...(m.content !== undefined && { content: m.content }),
    ...(m.embeds && { embeds: m.embeds }),
    ...(m.components && { components: m.components }),
    allowedMentions: { parse: [] },
    ...(m.flags !== undefined && { flags: m.flags }),
  };
}
