import { type AutocompleteInteraction, type BaseInteraction, type ButtonInteraction, type ChatInputCommandInteraction, PermissionFlagsBits } from 'discord.js';
import { type Caller, leafOf } from '../../dispatch/command.js';
import { complete } from '../../dispatch/complete.js';
import type { Outcome, Runtime } from '../../dispatch/execute.js';
import { optionSpecs } from '../../dispatch/options.js';
import { executeOptions, executeText } from '../../dispatch/router.js';
import { toLocale } from '../../locale.js';
import { apology } from '../../replies/build.js';
import { renderDiscord } from '../../replies/discord.js';
import { optionValues } from './invocation.js';
import { toReplyOptions } from './send.js';

/**
 * One interaction in, one answer out. Nothing thrown here may reach discord.js: an async
 * listener's rejection would be unhandled and stop the process, so every failure is logged
 * and, while the user is still waiting, answered with a short apology.
 */

const MAX_CHOICES = 25;
const MAX_CHOICE_TEXT = 100;

/**
 * Who is asking and where. A DM gets no channel: /daily then answers that it lives in a server
 * channel, instead of subscribing a DM nobody can manage. canManage is Manage Channels as
 * Discord computed it for this member in this channel (Administrator included); /daily has no
 * default member permissions, so everyone can see status, and subscribe/unsubscribe rely on this.
 */
function who(i: BaseInteraction, threads: ThreadInteractions): Caller {
  const { guildId, channelId } = i;
  const inServer = guildId !== null && channelId !== null;
  // A thread is one conversation for everyone in it; a channel is one per person.
  const thread = inServer && threads.has(i.id) ? { thread: channelId } : {};
  return {
    platform: 'discord',
    user: { id: i.user.id, name: i.user.username },
    ...(inServer && { channel: { id: channelId, space: guildId, ...thread } }),
    canManage: inServer && (i.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false),
  };
}

/** Interactions that came from a thread, noted from the raw gateway event (see startDiscord). */
export interface ThreadInteractions {
  has(interactionId: string): boolean;
}

const NO_THREADS: ThreadInteractions = { has: () => false };

/**
 * Embeds need Embed Links where the app answers. A zero bitfield means Discord sent no
 * app_permissions at all, which is not a refusal.
 */
function canEmbed(i: BaseInteraction): boolean {
  const p = i.appPermissions;
  return !p || p.bitfield === 0n || p.has(PermissionFlagsBits.EmbedLinks);
}

async function answer(i: ChatInputCommandInteraction | ButtonInteraction, outcome: Outcome): Promise<void> {
  await i.reply(toReplyOptions(renderDiscord(outcome.reply, outcome.locale, { embeds: canEmbed(i) })));
}

async function onCommand(i: ChatInputCommandInteraction, rt: Runtime, threads: ThreadInteractions): Promise<void> {
  const { subcommand, args } = optionValues(i.options.data);
  const outcome = await executeOptions({ command: i.commandName, ...(subcommand && { subcommand }), args, locale: toLocale(i.locale), caller: who(i, threads) }, rt);
  rt.log.debug({ interaction: i.id, command: outcome.command, subcommand, kind: outcome.reply.kind, error: outcome.reply.data.error?.code }, 'discord command');
  await answer(i, outcome);
}

/** A button's custom_id is the command line it stands for, so it runs like typed text. */
async function onButton(i: ButtonInteraction, rt: Runtime, threads: ThreadInteractions): Promise<void> {
  const outcome = await executeText({ text: i.customId, surface: 'button', locale: toLocale(i.locale), caller: who(i, threads) }, rt);
  rt.log.debug({ interaction: i.id, command: outcome.command, kind: outcome.reply.kind }, 'discord button');
  await answer(i, outcome);
}

async function onAutocomplete(i: AutocompleteInteraction, rt: Runtime): Promise<void> {
  const locale = toLocale(i.locale);
  const { subcommand, focused } = optionValues(i.options.data);
  const cmd = rt.commands.find((c) => c.name === i.commandName);
  const leaf = cmd && leafOf(cmd, subcommand);
  const spec = leaf && focused ? optionSpecs(leaf.options).find((o) => o.name === focused.name) : undefined;
  if (!spec?.autocomplete || !focused) {
    await i.respond([]);
    return;
  }
  const choices = complete(spec.autocomplete, focused.value, rt, locale, MAX_CHOICES)
    .filter((c) => c.name.trim() && c.value.trim() && c.value.length <= MAX_CHOICE_TEXT)
    .slice(0, MAX_CHOICES)
    .map((c) => ({ name: c.name.length <= MAX_CHOICE_TEXT ? c.name : `${c.name.slice(0, MAX_CHOICE_TEXT - 1)}…`, value: spec.type === 'string' ? c.value : Number(c.value) }));
  await i.respond(choices);
}

async function apologise(i: BaseInteraction): Promise<void> {
  const locale = toLocale(i.locale);
  if (i.isAutocomplete()) {
    if (!i.responded) await i.respond([]);
    return;
  }
  if (!i.isRepliable() || i.replied || i.deferred) return;
  await i.reply(toReplyOptions(renderDiscord(apology(locale), locale, { embeds: false })));
}

export function interactionHandler(rt: Runtime, threads: ThreadInteractions = NO_THREADS): (i: BaseInteraction) => Promise<void> {
  return async (i) => {
    try {
      if (i.isChatInputCommand()) await onCommand(i, rt, threads);
      else if (i.isAutocomplete()) await onAutocomplete(i, rt);
      else if (i.isButton()) await onButton(i, rt, threads);
    } catch (err) {
      rt.log.error({ err, interaction: i.id, type: i.type }, 'discord interaction failed');
      try {
        await apologise(i);
      } catch (err2) {
        rt.log.warn({ err: err2, interaction: i.id }, 'discord apology failed');
      }
    }
  };
}
