import { executeLine, type Outcome, type Runtime } from '../../execute.js';
import { type Locale, toLocale } from '../../locale.js';
import { errorReply } from '../../replies/build.js';
import { renderSlack, type SlackMessage, type SlackRenderOptions } from '../../replies/slack.js';
import { chooseLine, hasChinese, takeLocaleFlag } from './incoming.js';
import type { LocaleLookup, SlackUser, UserLocales } from './user-locale.js';

/**
 * From what a Slack user typed to a rendered answer: language, command, execution, Block Kit.
 * Knows nothing of Bolt, so the same path serves slash commands, mentions, DMs and buttons.
 */

export interface Asker {
  teamId?: string | undefined;
  userId?: string | undefined;
  userName?: string | undefined;
  channelId?: string | undefined;
  /** Fetches this user's Slack locale and role (users.info); absent when there is no user to ask about. */
  lookup?: LocaleLookup | undefined;
}

export interface Answer {
  message: SlackMessage;
  /** Errors are shown only to the person who asked. */
  ephemeral: boolean;
  command: string;
  locale: Locale;
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
   * Text typed after the umbrella command, in a mention or in a DM; `command` when the text
   * came with a command of its own (an individually installed `/ask`). The answer comes back
   * at once when the user's language is already known, so a slash command can be acked with
   * it without waiting on a timer; a promise only when users.info must be asked first.
   */
  answerText(raw: string, where: 'slash' | 'message', who: Asker, command?: string): Answer | Promise<Answer> {
    const known = this.knownUser(who);
    if (known) return this.textAnswer(raw, where, who, known.value, command);
    return this.userOf(who).then((user) => this.textAnswer(raw, where, who, user, command));
  }

  private textAnswer(raw: string, where: 'slash' | 'message', who: Asker, user: SlackUser | undefined, command?: string): Answer {
    const { flag, text } = takeLocaleFlag(raw);
    const locale = flag ?? localeFor(user, text);
    return this.safely(locale, () => {
      const choice = command ? { line: `/${command} ${text}`, guessed: false } : chooseLine(text, this.rt.commands, where);
      let outcome = this.run(choice.line, locale, who, user);
      // "about the grid…", "help me understand…": a command word used as an ordinary word.
      if (choice.guessed && outcome.reply.data.error?.code === 'unexpected-text') outcome = this.run(`/ask ${text}`, locale, who, user);
      return outcome;
    });
  }

  /** A canonical command line, as a button carries it. */
  async answerLine(line: string, who: Asker): Promise<Answer> {
    const user = await this.userOf(who);
    const locale = localeFor(user, line);
    return this.safely(locale, () => this.run(line, locale, who, user));
  }

  /**
   * Block Kit for shared answers: a frozen reply (a fact's answer, built once) always renders
   * the same, so it is rendered once per language; replies built for one question are not kept.
   */
  private readonly rendered = new WeakMap<object, Map<Locale, SlackMessage>>();

  render(outcome: Outcome, locale: Locale): Answer {
    const reply = outcome.reply;
    let byLocale = this.rendered.get(reply);
    let message = byLocale?.get(locale);
    if (!message) {
      message = renderSlack(reply, locale, this.renderOptions);
      if (Object.isFrozen(reply)) {
        if (!byLocale) this.rendered.set(reply, (byLocale = new Map()));
        byLocale.set(locale, message);
      }
    }
    return {
      message,
      ephemeral: reply.kind === 'error' || reply.private === true,
      command: outcome.command,
      locale,
    };
  }

  /** The apology, for failures outside the command itself (execute already catches those). */
  apology(locale: Locale): Answer {
    return this.render(
      {
        command: '',
        reply: errorReply(locale, 'internal', { en: 'Sorry, something went wrong on my side. It has been logged; please try again.', zh: '抱歉，我这边出了点问题，已记录下来，请再试一次。' }),
      },
      locale,
    );
  }

  private run(line: string, locale: Locale, who: Asker, user: SlackUser | undefined): Outcome {
    return executeLine(line, locale, this.rt, {
      platform: 'slack',
      ...(who.userId && { user: { id: who.userId, ...(who.userName && { name: who.userName }) } }),
      ...(who.channelId && { channel: { id: who.channelId, ...(who.teamId && { space: who.teamId }) } }),
      // An unknown role (users.info failed or was slow) counts as not an admin.
      canManage: user?.canManage === true,
    });
  }

  private safely(locale: Locale, work: () => Outcome): Answer {
    try {
      return this.render(work(), locale);
    } catch (err) {
      this.rt.log.error({ err }, 'slack answer failed');
      return this.apology(locale);
    }
  }

  private async userOf(who: Asker): Promise<SlackUser | undefined> {
    if (!who.userId || !who.lookup) return undefined;
    return this.locales.get(userKey(who), who.lookup);
  }

  /** What is known of the user without asking Slack: nothing to ask about, or a fresh cache entry. */
  private knownUser(who: Asker): { value: SlackUser | undefined } | undefined {
    if (!who.userId || !who.lookup) return { value: undefined };
    return this.locales.known(userKey(who));
  }
}

function userKey(who: Asker): string {
  return `${who.teamId ?? ''}:${who.userId}`;
}

/** The user's Slack locale when it is Chinese, or Chinese typed in the question; else English. */
function localeFor(user: SlackUser | undefined, text: string): Locale {
  if (toLocale(user?.locale) === 'zh') return 'zh';
  return hasChinese(text) ? 'zh' : 'en';
}
