import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { type Caller, leafOf } from '../../dispatch/command.js';
import { complete } from '../../dispatch/complete.js';
import type { Runtime } from '../../dispatch/execute.js';
import { optionSpecs } from '../../dispatch/options.js';
import type { Locale } from '../../locale.js';
import { type OptionLike, optionValues } from './invocation.js';

/**
 * What the gateway handler and the Interactions Endpoint read from an interaction the same
 * way, whichever shape it arrived in (discord.js objects, or the API's JSON over HTTP).
 */

const MAX_CHOICES = 25;
const MAX_CHOICE_TEXT = 100;

export interface Asking {
  guildId?: string | null | undefined;
  channelId?: string | null | undefined;
  user: { id: string; username?: string | undefined };
  /** The member's permissions in this channel as Discord computed them; absent in a DM. */
  memberPermissions?: bigint | null | undefined;
}

/**
 * Who is asking and where. A DM gets no channel: /daily then answers that it lives in a server
 * channel, instead of subscribing a DM nobody can manage. canManage is Manage Channels as
 * Discord computed it for this member in this channel (Administrator included); /daily has no
 * default member permissions, so everyone can see status, and subscribe/unsubscribe rely on this.
 */
export function callerOf(a: Asking): Caller {
  const { guildId, channelId } = a;
  const inServer = typeof guildId === 'string' && typeof channelId === 'string';
  const perms = a.memberPermissions;
  return {
    platform: 'discord',
    user: { id: a.user.id, ...(a.user.username !== undefined && { name: a.user.username }) },
    ...(inServer && { channel: { id: channelId, space: guildId } }),
    canManage: inServer && perms !== undefined && perms !== null && new PermissionsBitField(perms).has(PermissionFlagsBits.ManageChannels),
  };
}

/**
 * Embeds need Embed Links where the app answers. A zero bitfield (or none) means Discord sent
 * no app_permissions at all, which is not a refusal.
 */
export function canEmbedWith(appPermissions: bigint | undefined): boolean {
  return !appPermissions || new PermissionsBitField(appPermissions).has(PermissionFlagsBits.EmbedLinks);
}

export interface AutocompleteChoice {
  name: string;
  value: string | number;
}

/** The choices for the focused option of `commandName`, within Discord's limits; none when it completes nothing. */
export function autocompleteChoices(rt: Runtime, commandName: string, options: readonly OptionLike[], locale: Locale): AutocompleteChoice[] {
  const { subcommand, focused } = optionValues(options);
  const cmd = rt.commands.find((c) => c.name === commandName);
  const leaf = cmd && leafOf(cmd, subcommand);
  const spec = leaf && focused ? optionSpecs(leaf.options).find((o) => o.name === focused.name) : undefined;
  if (!spec?.autocomplete || !focused) return [];
  return complete(spec.autocomplete, focused.value, rt, locale, MAX_CHOICES)
    .filter((c) => c.name.trim() && c.value.trim() && c.value.length <= MAX_CHOICE_TEXT)
    .slice(0, MAX_CHOICES)
    .map((c) => ({ name: c.name.length <= MAX_CHOICE_TEXT ? c.name : `${c.name.slice(0, MAX_CHOICE_TEXT - 1)}…`, value: spec.type === 'string' ? c.value : Number(c.value) }));
}
