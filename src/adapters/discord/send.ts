import type { InteractionReplyOptions } from 'discord.js';
import type { DiscordMessage } from '../../replies/discord.js';

/**
 * The renderer's API-shaped message as discord.js reply options. Embeds and components pass
 * through as raw JSON; mentions are disabled here as well as in the client's defaults.
 */
export function toReplyOptions(m: DiscordMessage): InteractionReplyOptions {
  return {
    ...(m.content !== undefined && { content: m.content }),
    ...(m.embeds && { embeds: m.embeds }),
    ...(m.components && { components: m.components }),
    allowedMentions: { parse: [] },
    ...(m.flags !== undefined && { flags: m.flags }),
  };
}
