import type { Runtime } from '../../dispatch/execute.js';
import { executeText, type Surface } from '../../dispatch/router.js';
import { type Locale, toLocale } from '../../locale.js';
import { apology } from '../../replies/build.js';
import type { ChartSpec } from '../../replies/chart.js';
import type { Reply } from '../../replies/model.js';
import { renderSlack, SLACK_LIMITS, type SlackMessage, type SlackRenderOptions } from '../../replies/slack.js';
import { unicodeSection } from './chart.js';
import type { LocaleLookup, SlackUser, UserLocales } from './user-locale.js';

/**
 * From what a Slack user typed to a rendered answer: who asked (and in which language, from
 * users.info), the one text router, Block Kit. Knows nothing of Bolt, so the same path serves
 * slash commands, mentions, DMs and buttons.
 */

export interface Asker {
  teamId?: string | undefined;
  userId?: string | undefined;
  userName?: string | undefined;
  channelId?: string | undefined;
  threadTs?: string | undefined;
  /** Fetches this user's Slack locale and role (users.info); absent when there is no user to ask about. */
  lookup?: LocaleLookup | undefined;
}

export interface Answer {
  message: SlackMessage;
  /** Errors are shown only to the person who asked. */
  ephemeral: boolean;
  command: string;
  locale: Locale;
  /** The answer's chart, uploaded beside a public answer (see chart.ts). */
  chart?: ChartSpec;
}

export const UMBRELLA = 'wattson';

export class SlackAnswers {
  private readonly renderOptions: SlackRenderOptions;

  constructor(
    private readonly rt: Runtime,
    private readonly locales: UserLocales,
  ) {
    this.renderOptions = { umbrella: { command: UMBRELLA, names: rt.commands.map((c) => c.name) } };
  }

  /**
   * Text typed after the umbrella command, in a mention or in a DM, or carried by a button;
   * `command` when the text came with a command of its own (an individually installed `/ask`).
   */
  async answer(text: string, surface: Surface, who: Asker, command?: string): Promise<Answer> {
    const user = await this.userOf(who);
    try {
      const outcome = await executeText(
        {
          text,
          surface,
          caller: {
            platform: 'slack',
            ...(who.userId && { user: { id: who.userId, ...(who.userName && { name: who.userName }) } }),
            ...(who.channelId && { channel: { id: who.channelId, ...(who.teamId && { space: who.teamId }), ...(who.threadTs && { thread: who.threadTs }) } }),
            // An unknown role (users.info failed or was slow) counts as not an admin.
            canManage: user?.canManage === true,
          },
          // A Chinese Slack language is the user's choice; otherwise the question's language decides.
          locale: toLocale(user?.locale) === 'zh' ? 'zh' : undefined,
          command,
        },
        this.rt,
      );
      return this.render(outcome.reply, outcome.command, outcome.locale);
    } catch (err) {
      this.rt.log.error({ err }, 'slack answer failed');
      return this.apology('en');
    }
  }

  /**
   * Block Kit for shared answers: a frozen reply (a fact's answer, built once) always renders
   * the same, so it is rendered once per language; replies built for one question are not kept.
   */
  private readonly rendered = new WeakMap<object, Map<Locale, SlackMessage>>();

  render(reply: Reply, command: string, locale: Locale): Answer {
    let byLocale = this.rendered.get(reply);
    let message = byLocale?.get(locale);
    if (!message) {
      message = renderSlack(reply, locale, this.renderOptions);
      if (Object.isFrozen(reply)) {
        if (!byLocale) this.rendered.set(reply, (byLocale = new Map()));
        byLocale.set(locale, message);
      }
    }
    const ephemeral = reply.kind === 'error' || reply.private === true;
    // A private answer cannot carry the PNG (an upload is public): its chart comes as text.
    if (ephemeral && reply.chart && message.blocks.length < SLACK_LIMITS.blocks) message = { ...message, blocks: [...message.blocks, unicodeSection(reply.chart)] };
    return { message, ephemeral, command, locale, ...(reply.chart && { chart: reply.chart }) };
  }

  /** The apology, for failures outside the command itself (execution already catches those). */
  apology(locale: Locale): Answer {
    return this.render(apology(locale), '', locale);
  }

  private async userOf(who: Asker): Promise<SlackUser | undefined> {
    if (!who.userId || !who.lookup) return undefined;
    const key = `${who.teamId ?? ''}:${who.userId}`;
    return this.locales.get(key, who.lookup);
  }
}
