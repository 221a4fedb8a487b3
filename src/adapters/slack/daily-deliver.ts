import type { types, webApi } from '@slack/bolt';
import type { Deliver, DeliverResult, DeliveryTarget, PermanentFailure } from '../../daily/deliver.js';
import { renderSlack } from '../../replies/slack.js';
import { UMBRELLA } from './answer.js';

/**
 * Daily posts on Slack. Slack has no send-once key, so each post carries its nonce as message
 * metadata; when an earlier attempt may have gone through, the channel's recent history is
 * searched for that nonce first and the message found is reported instead of posting again.
 */

export const DAILY_EVENT_TYPE = 'wattson_daily_fact';
/** How far back the nonce is looked for: a day's retries land well within this many messages in all but the busiest channels. */
export const HISTORY_LOOKBACK = 50;

const PERMANENT: Readonly<Record<string, PermanentFailure>> = {
  // Most often nobody invited the bot: status should say to let Wattson post (/invite @Wattson),
  // not that the channel is gone.
  not_in_channel: 'permission',
  channel_not_found: 'missing-channel',
  is_archived: 'archived',
  missing_scope: 'permission',
  restricted_action: 'permission',
  not_allowed_token_type: 'permission',
  no_permission: 'permission',
  account_inactive: 'removed',
  token_revoked: 'removed',
  token_expired: 'removed',
  invalid_auth: 'removed',
  team_access_not_granted: 'removed',
};

interface SlackErrorLike {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string; response_metadata?: { retryAfter?: number } };
  message?: string;
}

/** A Web API client error, as the poster's failure kinds. Unknown Slack errors are retried: the day's end stops them. */
export function classifySlackError(err: unknown, method: string): DeliverResult & { ok: false } {
  const e = (err ?? {}) as SlackErrorLike;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return { ok: false, kind: 'rate-limited', ...(e.retryAfter !== undefined && { retryAfterMs: e.retryAfter * 1000 }), detail: `${method}: ratelimited` };
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      if (code === 'ratelimited') {
        const after = e.data?.response_metadata?.retryAfter;
        return { ok: false, kind: 'rate-limited', ...(after !== undefined && { retryAfterMs: after * 1000 }), detail: `${method}: ratelimited` };
      }
      const kind = PERMANENT[code];
      return { ok: false, kind: kind ?? 'transient', detail: `${method}: ${code}` };
    }
    case 'slack_webapi_http_error':
      return { ok: false, kind: 'transient', detail: `${method}: HTTP ${e.statusCode ?? '?'}` };
    default:
      // slack_webapi_request_error: the network, a timeout, or anything the client could not classify.
      return { ok: false, kind: 'transient', detail: `${method}: ${(e.message ?? String(err)).slice(0, 160)}` };
  }
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

async function findByNonce(client: webApi.WebClient, channel: string, nonce: string): Promise<string | undefined> {
  const res = await client.conversations.history({ channel, limit: HISTORY_LOOKBACK, include_all_metadata: true });
  const hit = ((res.messages ?? []) as HistoryMessage[]).find((m) => m.metadata?.event_type === DAILY_EVENT_TYPE && m.metadata.event_payload?.['nonce'] === nonce);
  return hit?.ts;
}

export interface SlackDeliverOptions {
  /** The registry's command names, so commands in the post read as `/wattson fact …`. */
  commandNames: readonly string[];
}

/**
 * The client that posts in a target's workspace: the one client of a single-workspace Wattson,
 * or, with OAuth distribution, one made with that workspace's own token (./team-clients.ts),
 * or a failure when the workspace has no installation.
 */
export type ClientFor = (target: DeliveryTarget) => Promise<webApi.WebClient | (DeliverResult & { ok: false })>;

/**
 * Clients should reject rate-limited calls and not retry by themselves: a retried postMessage
 * after a 5xx could post twice, while the poster's retry looks for the nonce first.
 */
export function slackDeliver(clients: webApi.WebClient | ClientFor, opts: SlackDeliverOptions): Deliver {
  const umbrella = { command: UMBRELLA, names: opts.commandNames };
  const clientFor: ClientFor = typeof clients === 'function' ? clients : async () => clients;
  return async (target, reply, { nonce, locale, maybeSent }) => {
    const client = await clientFor(target);
    if ('ok' in client) return client;
    if (maybeSent) {
      try {
        const ts = await findByNonce(client, target.channelId, nonce);
        if (ts) return { ok: true, messageId: ts };
      } catch (err) {
        // Without the lookup a post could be a duplicate; the failure is reported instead.
        return classifySlackError(err, 'conversations.history');
      }
    }
    const message = renderSlack(reply, locale, { umbrella });
    try {
      const res = await client.chat.postMessage({
        channel: target.channelId,
        text: message.text,
        blocks: message.blocks as unknown as types.KnownBlock[],
        metadata: { event_type: DAILY_EVENT_TYPE, event_payload: { nonce } },
        unfurl_links: false,
        unfurl_media: false,
      });
      return { ok: true, messageId: res.ts ?? '' };
    } catch (err) {
      return classifySlackError(err, 'chat.postMessage');
    }
  };
}
