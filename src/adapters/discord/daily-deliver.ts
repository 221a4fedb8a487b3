import { DiscordAPIError, HTTPError, RateLimitError, type REST, Routes } from 'discord.js';
import type { Deliver, DeliverResult } from '../../daily/deliver.js';
import { renderDiscord } from '../../replies/discord.js';

/**
 * Daily posts as Discord channel messages. The day's nonce goes out with `enforce_nonce`, so a
 * resend after a crash gets the message that already went out instead of a second one. Discord
 * only remembers a nonce for a few minutes: that window is all `maybeSent` can lean on here
 * (Discord offers no search by nonce), which is why the poster resends promptly or not at all.
 */

/** Discord's errors, as the daily poster understands them. */
export function classifyDiscordError(err: unknown): DeliverResult & { ok: false } {
  if (err instanceof RateLimitError) return { ok: false, kind: 'rate-limited', retryAfterMs: err.retryAfter, detail: `rate limited on ${err.route}` };
  if (err instanceof DiscordAPIError) {
    const detail = `${err.status} ${err.code}: ${err.message}`.slice(0, 200);
    // 50001 Missing Access, 50013 Missing Permissions.
    if (err.code === 50013 || err.code === 50001) return { ok: false, kind: 'permission', detail };
    if (err.code === 10003) return { ok: false, kind: 'missing-channel', detail };
    // 10004 Unknown Guild: the bot is no longer in the server.
    if (err.code === 10004) return { ok: false, kind: 'removed', detail };
    // 50083: the thread is archived.
    if (err.code === 50083) return { ok: false, kind: 'archived', detail };
    if (err.status === 403) return { ok: false, kind: 'permission', detail };
    if (err.status === 404) return { ok: false, kind: 'missing-channel', detail };
    if (err.status === 429) return { ok: false, kind: 'rate-limited', detail };
    return { ok: false, kind: 'transient', detail };
  }
  if (err instanceof HTTPError) return { ok: false, kind: 'transient', detail: `${err.status} ${err.message}`.slice(0, 200) };
  return { ok: false, kind: 'transient', detail: err instanceof Error ? err.message.slice(0, 200) : String(err) };
}

/** A Deliver over `rest` (a Client's `client.rest`, or a bare REST in the bench). */
export function discordDeliver(rest: REST): Deliver {
  return async (target, reply, { nonce, locale }) => {
    // A channel message takes no ephemeral flag: Discord would refuse the whole post.
    const { flags: _ephemeral, ...message } = renderDiscord(reply, locale);
    try {
      const body = { ...message, allowed_mentions: { parse: [] }, nonce, enforce_nonce: true };
      const msg = (await rest.post(Routes.channelMessages(target.channelId), { body })) as { id: string };
      return { ok: true, messageId: msg.id };
    } catch (err) {
      return classifyDiscordError(err);
    }
  };
}
