import { type REST, Routes } from 'discord.js';
import type { Outcome, Runtime } from '../../../dispatch/execute.js';
import { executeOptions, executeText } from '../../../dispatch/router.js';
import { toLocale } from '../../../locale.js';
import { apology } from '../../../replies/build.js';
import { type DiscordMessage, EPHEMERAL, renderDiscord } from '../../../replies/discord.js';
import { autocompleteChoices, callerOf, canEmbedWith } from '../interaction-parts.js';
import { optionValues } from '../invocation.js';
import { type CommandInteraction, type ComponentInteraction, type Interaction, InteractionType } from './shape.js';

/**
 * One interaction in, its answer out, as Discord's Interactions Endpoint wants it: the HTTP
 * response is the interaction's callback. Commands and buttons run through the same dispatch
 * (executeOptions, executeText) and renderer as on the gateway. An answer ready within the
 * budget is the response itself (type 4); otherwise the response defers (type 5, "Wattson is
 * thinking…") and the answer replaces it through Discord's REST once ready, after the
 * deferral has gone out. An error found after deferring (deferred messages are public) is
 * sent privately instead: the public placeholder is deleted and an ephemeral follow-up sent.
 */

export const CallbackType = { Pong: 1, Message: 4, Deferred: 5, Choices: 8 } as const;

export interface CallbackBody {
  type: number;
  data?: unknown;
}

export interface Answered {
  body: CallbackBody;
  /** Work that continues once the response has been written (the edit after a deferral). */
  after?: () => Promise<void>;
}

export interface AnswerOptions {
  /** Under Discord's three seconds, with room for the response to travel. */
  deferAfterMs: number;
}

async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)))]);
  } finally {
    clearTimeout(timer);
  }
}

function run(i: CommandInteraction | ComponentInteraction, rt: Runtime): Promise<Outcome> {
  const locale = toLocale(i.locale);
  const caller = callerOf({
    guildId: i.guild_id,
    channelId: i.channel_id ?? i.channel?.id,
    user: (i.member?.user ?? i.user)!,
    memberPermissions: i.member ? BigInt(i.member.permissions) : undefined,
  });
  if (i.type === InteractionType.Component) return executeText({ text: i.data.custom_id, surface: 'button', locale, caller }, rt);
  const { subcommand, args } = optionValues(i.data.options ?? []);
  return executeOptions({ command: i.data.name, ...(subcommand && { subcommand }), args, locale, caller }, rt);
}

export function interactionAnswerer(rt: Runtime, rest: REST, opts: AnswerOptions): (i: Interaction) => Promise<Answered> {
  const log = rt.log;
  return async (i) => {
    if (i.type === InteractionType.Autocomplete) {
      return { body: { type: CallbackType.Choices, data: { choices: autocompleteChoices(rt, i.data.name, i.data.options ?? [], toLocale(i.locale)) } } };
    }
    const locale = toLocale(i.locale);
    const embeds = canEmbedWith(i.app_permissions ? BigInt(i.app_permissions) : undefined);
    const work = run(i, rt).then(
      (o) => {
        log.debug({ interaction: i.id, command: o.command, kind: o.reply.kind, error: o.reply.data.error?.code }, 'discord http interaction');
        return renderDiscord(o.reply, o.locale, { embeds });
      },
      (err: unknown) => {
        log.error({ err, interaction: i.id }, 'discord interaction failed');
        return renderDiscord(apology(locale), locale, { embeds: false });
      },
    );
    const ready = await within(work, opts.deferAfterMs);
    if (ready) return { body: { type: CallbackType.Message, data: ready } };
    return { body: { type: CallbackType.Deferred }, after: () => finish(rest, i, work, log) };
  };
}

/** After a deferral: the answer in place of "thinking…", or privately if it is an error. */
async function finish(rest: REST, i: Interaction, work: Promise<DiscordMessage>, log: Runtime['log']): Promise<void> {
  const message = await work;
  const original = Routes.webhookMessage(i.application_id, i.token, '@original');
  try {
    if (((message.flags ?? 0) & EPHEMERAL) !== 0) {
      await rest.delete(original, { auth: false });
      await rest.post(Routes.webhook(i.application_id, i.token), { body: message, auth: false, query: new URLSearchParams({ wait: 'true' }) });
    } else {
      const { flags: _flags, ...edit } = message;
      await rest.patch(original, { body: edit, auth: false });
    }
  } catch (err) {
    log.warn({ err, interaction: i.id }, 'discord deferred answer could not be sent');
  }
}
