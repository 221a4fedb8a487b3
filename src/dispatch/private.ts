import { type Locale, say } from '../locale.js';
import { errorReply } from '../replies/build.js';
import type { Reply } from '../replies/model.js';
import type { Caller } from './command.js';
import type { Outcome, Runtime } from './execute.js';
import { SHARE_COMMAND } from './shares.js';

/**
 * The `private` option every command takes, applied after the command ran: the answer is
 * shown only to the asker and, where answers can be shared, carries a "Post in channel"
 * button. Sharing posts the very answer that was shown, publicly, saying who shared it.
 */

export function shareLabel(locale: Locale): string {
  return say(locale, 'Post in channel', '发到频道');
}

export async function makePrivate(outcome: Outcome, caller: Caller | undefined, rt: Runtime): Promise<Outcome> {
  const { reply } = outcome;
  // Errors are private already, and nobody wants to share one.
  if (reply.kind === 'error') return outcome;
  const shown: Reply = { ...reply, private: true };
  const shares = rt.services.shares;
  const user = caller?.user?.id;
  if (!shares || !caller?.platform || !user) return { ...outcome, reply: shown };
  const token = await shares.offer({ reply: shown, command: outcome.command, locale: outcome.locale, owner: { platform: caller.platform, user } });
  // First among the buttons, so related facts can never crowd it out.
  return { ...outcome, reply: { ...shown, actions: [{ label: shareLabel(outcome.locale), command: `${SHARE_COMMAND} ${token}` }, ...shown.actions] } };
}

/** A share button clicked: the stored answer, public and attributed, or a private note why not. */
export async function share(token: string, caller: Caller | undefined, locale: Locale, rt: Runtime): Promise<Outcome> {
  const shares = rt.services.shares;
  const who = caller?.platform && caller.user?.id ? { platform: caller.platform, user: caller.user.id } : undefined;
  const took = shares ? await shares.take(token, who) : { ok: false as const, reason: 'gone' as const };
  if (!took.ok) {
    const message =
      took.reason === 'not-yours'
        ? { en: 'Only the person who asked can post this answer.', zh: '只有提问的人可以发布这个回答。' }
        : { en: 'That answer is no longer available to post (it was posted already, or is too old). Ask again.', zh: '这个回答已无法发布（已经发过，或时间太久）。请再问一次。' };
    return { command: 'share', locale, reply: errorReply(locale, `share-${took.reason}`, message) };
  }
  const { answer } = took;
  const name = caller?.user?.name ?? caller?.user?.id ?? '';
  const l = answer.locale;
  const { feedback: _votes, ...rest } = answer.reply;
  const reply: Reply = {
    ...rest,
    private: false,
    sharedBy: name,
    actions: rest.actions.filter((a) => !a.command.startsWith(`${SHARE_COMMAND} `)),
    blocks: [{ type: 'text', text: say(l, `Shared by ${name}`, `由 ${name} 分享`) }, ...rest.blocks],
  };
  return { command: answer.command, locale: l, reply };
}
