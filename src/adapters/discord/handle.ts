import type { AutocompleteInteraction, BaseInteraction, ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { Caller } from '../../dispatch/command.js';
import type { Outcome, Runtime } from '../../dispatch/execute.js';
import { executeOptions, executeText } from '../../dispatch/router.js';
import { toLocale } from '../../locale.js';
import { apology } from '../../replies/build.js';
import { renderDiscord } from '../../replies/discord.js';
import { autocompleteChoices, callerOf, canEmbedWith } from './interaction-parts.js';
import { optionValues } from './invocation.js';
import { toReplyOptions } from './send.js';

/**
 * One interaction in, one answer out. Nothing thrown here may reach discord.js: an async
 * listener's rejection would be unhandled and stop the process, so every failure is logged
 * and, while the user is still waiting, answered with a short apology.
 */

function who(i: BaseInteraction, threads: ThreadInteractions): Caller {
  const caller = callerOf({ guildId: i.guildId, channelId: i.channelId, user: i.user, memberPermissions: i.memberPermissions?.bitfield });
  // A thread is one conversation for everyone in it; a channel is one per person.
  return caller.channel && threads.has(i.id) ? { ...caller, channel: { ...caller.channel, thread: caller.channel.id } } : caller;
}

/** Interactions that came from a thread, noted from the raw gateway event (see startDiscord). */
export interface ThreadInteractions {
  has(interactionId: string): boolean;
}

const NO_THREADS: ThreadInteractions = { has: () => false };

function canEmbed(i: BaseInteraction): boolean {
  return canEmbedWith(i.appPermissions?.bitfield);
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
  await i.respond(autocompleteChoices(rt, i.commandName, i.options.data, toLocale(i.locale)));
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
