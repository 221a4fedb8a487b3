import { type REST, Routes } from 'discord.js';
import { chartImage } from '../../../charts/image.js';
import type { Outcome, Runtime } from '../../../dispatch/execute.js';
import { executeOptions, executeText } from '../../../dispatch/router.js';
import { toLocale } from '../../../locale.js';
import { apology } from '../../../replies/build.js';
import { type DiscordMessage, EPHEMERAL, renderDiscord } from '../../../replies/discord.js';
import { CHART_FILE, canAttachWith, DEFAULT_ATTACHMENT_LIMIT, withChart, withoutChart } from '../chart.js';
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
 *
 * A chart cannot travel in an HTTP response body, so an answer with one goes out as text first
 * and its PNG follows as an edit of that message (multipart, through the interaction's
 * webhook), shown by the embed; where the app may not attach files the text carries the chart
 * in Unicode and names the permission, as on the gateway.
 */

/** The text is already out, so a chart may take longer than on the gateway; past this it is left out. */
const CHART_BUDGET_MS = 10_000;

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
    const permissions = i.app_permissions ? BigInt(i.app_permissions) : undefined;
    const embeds = canEmbedWith(permissions);
    const work = run(i, rt).then(
      (o): Rendered => {
        log.debug({ interaction: i.id, command: o.command, kind: o.reply.kind, error: o.reply.data.error?.code }, 'discord http interaction');
        const message = renderDiscord(o.reply, o.locale, { embeds });
        const spec = o.reply.chart;
        if (!spec) return { message };
        if (!canAttachWith(permissions)) return { message: withoutChart(message, spec, o.locale) };
        return { message, chart: () => chartImage(spec, rt.services.charts, { budgetMs: CHART_BUDGET_MS, log }) };
      },
      (err: unknown): Rendered => {
        log.error({ err, interaction: i.id }, 'discord interaction failed');
        return { message: renderDiscord(apology(locale), locale, { embeds: false }) };
      },
    );
    const ready = await within(work, opts.deferAfterMs);
    if (ready) return { body: { type: CallbackType.Message, data: ready.message }, ...(ready.chart && { after: () => addChart(rest, i, ready, log) }) };
    return {
      body: { type: CallbackType.Deferred },
      after: async () => {
        const done = await finish(rest, i, work, log);
        if (done?.chart) await addChart(rest, i, done, log);
      },
    };
  };
}

interface Rendered {
  message: DiscordMessage;
  /** The answer's chart, rendered once the text is out. */
  chart?: () => ReturnType<typeof chartImage>;
}

/** The answer's PNG added to the message already sent, as an attachment its embed shows. */
async function addChart(rest: REST, i: Interaction, r: Rendered, log: Runtime['log']): Promise<void> {
  const image = await r.chart?.();
  if (!image || image.png.length > (i.attachment_size_limit ?? DEFAULT_ATTACHMENT_LIMIT)) return;
  const { files: _files, flags: _flags, ...edit } = withChart(r.message, image);
  try {
    await rest.patch(Routes.webhookMessage(i.application_id, i.token, '@original'), {
      body: { ...edit, attachments: [{ id: 0, filename: CHART_FILE }] },
      files: [{ name: CHART_FILE, data: image.png, contentType: 'image/png' }],
      auth: false,
    });
  } catch (err) {
    log.warn({ err, interaction: i.id }, 'discord chart could not be added to the answer');
  }
}

/** After a deferral: the answer in place of "thinking…", or privately if it is an error. Returns what was sent in place, if anything. */
async function finish(rest: REST, i: Interaction, work: Promise<Rendered>, log: Runtime['log']): Promise<Rendered | undefined> {
  const rendered = await work;
  const { message } = rendered;
  const original = Routes.webhookMessage(i.application_id, i.token, '@original');
  try {
    if (((message.flags ?? 0) & EPHEMERAL) !== 0) {
      await rest.delete(original, { auth: false });
      await rest.post(Routes.webhook(i.application_id, i.token), { body: message, auth: false, query: new URLSearchParams({ wait: 'true' }) });
      return undefined;
    }
    const { flags: _flags, ...edit } = message;
    await rest.patch(original, { body: edit, auth: false });
    return rendered;
  } catch (err) {
    log.warn({ err, interaction: i.id }, 'discord deferred answer could not be sent');
    return undefined;
  }
}
