import type { App, RespondArguments, RespondFn, types, webApi } from '@slack/bolt';
import type { ChartRenderer } from '../../charts/image.js';
import type { Logger } from '../../log.js';
import { SLACK_ACTION_PREFIX } from '../../replies/slack.js';
import type { FirstSightings } from '../../store/first-sightings.js';
import { type Answer, type Asker, type SlackAnswers, UMBRELLA } from './answer.js';
import { deliverChart } from './chart.js';
import { slackToPlain, stripBotMention } from './incoming.js';
import type { LocaleLookup } from './user-locale.js';

/**
 * The Bolt side: slash commands, mentions, DMs and buttons, each turned into text for
 * SlackAnswers and the rendered answer sent back the way that surface expects.
 */

export interface ListenerOptions {
  /** Ack with the answer itself if it is ready within this; otherwise ack empty and respond() later. */
  ackBudgetMs: number;
  log: Logger;
  /** Renders answers' charts (the runtime's chart pool); without it, answers go without them. */
  charts?: ChartRenderer | undefined;
  /** Events already answered (Slack delivers one again when its 2xx was late), here or on another replica. */
  sightings: FirstSightings;
}

/** One users.info gives both the language and the role, so the admin check costs no extra call. */
function lookupFor(client: webApi.WebClient, user: string): LocaleLookup {
  return async () => {
    const u = (await client.users.info({ user, include_locale: true })).user;
    if (!u) return undefined;
    return { locale: u.locale, canManage: u.is_admin === true || u.is_owner === true || u.is_primary_owner === true };
  };
}

/** The renderer's plain JSON blocks are Block Kit by construction; only the static types differ. */
function blocksOf(a: Answer): types.KnownBlock[] {
  return a.message.blocks as unknown as types.KnownBlock[];
}

function response(a: Answer): RespondArguments {
  return { response_type: a.ephemeral ? 'ephemeral' : 'in_channel', text: a.message.text, blocks: blocksOf(a) };
}

async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

interface MessageLike {
  text?: string;
  user?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  subtype?: string;
  bot_id?: string;
  channel_type?: string;
  team?: string;
}

export function registerListeners(app: App, answers: SlackAnswers, commandNames: readonly string[], opts: ListenerOptions): void {
  const log = opts.log.child({ component: 'slack' });
  const charts = { renderer: opts.charts, log };
  const names = [UMBRELLA, ...commandNames].map((n) => n.replace(/[^\w-]/g, ''));

  // The umbrella /wattson, and any registry command an admin chose to add on its own (/ask …).
  app.command(new RegExp(`^/(${names.join('|')})$`), async ({ command, ack, respond, client }) => {
    const name = command.command.slice(1);
    const who: Asker = { teamId: command.team_id, userId: command.user_id, userName: command.user_name, channelId: command.channel_id, lookup: lookupFor(client, command.user_id) };
    const work = answers.answer(slackToPlain(command.text ?? ''), 'slash', who, name === UMBRELLA ? undefined : name).catch((err: unknown) => {
      log.error({ err }, 'slash command failed');
      return answers.apology('en');
    });
    // The usual case: the answer is ready within the budget and goes back as the ack itself.
    const ready = await within(work, opts.ackBudgetMs);
    let a: Answer;
    if (ready) {
      a = ready;
      await ack(response(a));
    } else {
      await ack();
      a = await work;
      await respond(response(a));
    }
    // The text is out; the chart follows it.
    if (!a.ephemeral) await deliverChart(a.chart, a.locale, { client, channel: command.channel_id, notify: (text) => respond({ response_type: 'ephemeral', text, replace_original: false }) }, charts);
  });

  // Each message answered once: a DM mention can arrive as two events, and Slack delivers an
  // event again when its 2xx was late, to this replica or another (opts.sightings).
  const answerMessage = async (event: MessageLike, client: webApi.WebClient, botUserId: string | undefined, teamId: string | undefined) => {
    if (!event.user || event.bot_id || event.subtype || !event.text) return;
    if (!(await opts.sightings.first(`slack:${event.team ?? teamId ?? ''}:${event.channel}:${event.ts}`))) return;
    const who: Asker = { teamId: event.team ?? teamId, userId: event.user, channelId: event.channel, threadTs: event.thread_ts, lookup: lookupFor(client, event.user) };
    let a: Answer;
    try {
      a = await answers.answer(slackToPlain(stripBotMention(event.text, botUserId)), 'message', who);
    } catch (err) {
      log.error({ err }, 'message answer failed');
      a = answers.apology('en');
    }
    const thread = event.thread_ts ? { thread_ts: event.thread_ts } : {};
    const blocks = blocksOf(a);
    const user = event.user;
    if (a.ephemeral && event.channel_type !== 'im') {
      await client.chat.postEphemeral({ channel: event.channel, user, text: a.message.text, blocks, ...thread });
      return;
    }
    await client.chat.postMessage({ channel: event.channel, text: a.message.text, blocks, ...thread });
    const notify = (text: string) => client.chat.postEphemeral({ channel: event.channel, user, text, ...thread });
    await deliverChart(a.chart, a.locale, { client, channel: event.channel, thread: event.thread_ts, notify }, charts);
  };

  // One listener for both: Bolt runs every listener's middleware chain on every request, so
  // each listener registered costs every slash command a little.
  app.event(/^(app_mention|message)$/, async ({ event, client, context }) => {
    const e = event as MessageLike & { type: string };
    // In channels only mentions are for Wattson; in a DM with the app, every message is.
    if (e.type === 'message' && e.channel_type !== 'im') return;

    await answerMessage(e, client, context.botUserId, context.teamId);
  });

  // Buttons carry a canonical command line ("/fact helion-msft-50mw-2028"); run it for whoever clicked.
  app.action({ type: 'block_actions', action_id: new RegExp(`^${SLACK_ACTION_PREFIX}`) }, async ({ ack, action, body, respond, client }) => {
    await ack();
    if (action.type !== 'button' || !action.value || !respond) return;
    // A button in a thread belongs to that thread's conversation, like a mention there.
    const threadTs = (body as { container?: { thread_ts?: string } }).container?.thread_ts ?? (body.message as { thread_ts?: string } | undefined)?.thread_ts;
    const who: Asker = { teamId: body.team?.id, userId: body.user.id, userName: body.user.name, channelId: body.channel?.id, threadTs, lookup: lookupFor(client, body.user.id) };
    let a: Answer;
    try {
      a = await answers.answer(action.value, 'button', who);
    } catch (err) {
      log.error({ err }, 'button answer failed');
      a = answers.apology('en');
    }
    await (respond as RespondFn)({ ...response(a), replace_original: false });
    // A shared answer's chart goes up with it, into the channel (or thread) it was posted in.
    if (!a.ephemeral) {
      const notify = (text: string) => (respond as RespondFn)({ response_type: 'ephemeral', text, replace_original: false });
      await deliverChart(a.chart, a.locale, { client, channel: body.channel?.id, thread: threadTs, notify }, charts);
    }
  });

  app.error(async (err) => {
    // With OAuth: a workspace without an installation (removed, or a store that lost it). Slack
    // signed it, so it is not noise, but no bug either: said once per request, without a stack.
    if (err.code === 'slack_bolt_authorization_error') {
      log.warn({ reason: err.message }, 'a signed Slack request from a workspace Wattson has no installation for; not answered (install again from /slack/install)');
      return;
    }
    log.error({ err }, 'slack listener failed');
  });
}
