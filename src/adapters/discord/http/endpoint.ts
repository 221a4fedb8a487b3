import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../log.js';
import { readBody } from '../../http/body.js';
import { rejectionLog } from '../../http/rejections.js';
import { ReplayGuard } from '../../http/replay-guard.js';
import { answerEmpty, answerJson, type RouteHandler } from '../../http/server.js';
import type { Answered } from './answer.js';
import { type Interaction, parseInteraction } from './shape.js';
import { verifyDiscordRequest } from './verify.js';

/**
 * POST /discord/interactions: every request takes this one path, in this order, and nothing is
 * dispatched from one that fails a step.
 *
 *   1. POST only (405), a body of at most 1 MB (413; Discord's are a few KB)
 *   2. the signature: Ed25519 over timestamp + raw body, a timestamp within five minutes either
 *      way, never served before (401)
 *   3. UTF-8 JSON (400)
 *   4. an interaction Wattson serves, with the fields it reads (400); PING is answered here
 *
 * Nothing about a request is kept past its answer but the replay guard's digest, so replicas
 * behind any load balancer answer alike.
 */

export const DISCORD_INTERACTIONS_PATH = '/discord/interactions';
export const DISCORD_BODY_LIMIT = 1024 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface EndpointOptions {
  key: KeyObject;
  answer: (i: Interaction) => Promise<Answered>;
  log: Logger;
  guard?: ReplayGuard;
  bodyLimit?: number;
  now?: () => number;
}

type Admission = { interaction: Interaction } | { ping: true } | { status: number; reason: string };

async function admit(req: IncomingMessage, opts: EndpointOptions, guard: ReplayGuard, now: () => number): Promise<Admission> {
  const read = await readBody(req, opts.bodyLimit ?? DISCORD_BODY_LIMIT);
  if (!read.ok) return { status: read.status, reason: read.reason };
  const verdict = verifyDiscordRequest(req, read.body, { key: opts.key, guard, now });
  if (!verdict.ok) return { status: 401, reason: verdict.reason };
  let json: unknown;
  try {
    json = JSON.parse(strictUtf8.decode(read.body));
  } catch {
    return { status: 400, reason: 'the body is not UTF-8 JSON' };
  }
  const parsed = parseInteraction(json);
  if (!parsed.ok) return { status: 400, reason: parsed.reason };
  return 'ping' in parsed ? { ping: true } : { interaction: parsed.interaction };
}

export function interactionsEndpoint(opts: EndpointOptions): RouteHandler {
  const now = opts.now ?? Date.now;
  const guard = opts.guard ?? new ReplayGuard({ now });
  const logRejection = rejectionLog((line) => opts.log.warn(line), now);
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      req.resume();
      answerEmpty(res, 405, { allow: 'POST' });
      return;
    }
    admit(req, opts, guard, now)
      .then(async (a) => {
        if ('ping' in a) return answerJson(res, 200, { type: 1 });
        if ('status' in a) {
          logRejection(a.status, a.reason);
          return answerEmpty(res, a.status);
        }
        const answered = await opts.answer(a.interaction);
        const after = answered.after;
        // The follow-up edits what this response creates, so it waits until the response is out.
        if (after) res.once('finish', () => void after());
        answerJson(res, 200, answered.body);
      })
      .catch((err: unknown) => {
        opts.log.error({ err }, 'the Discord interaction endpoint failed unexpectedly');
        answerEmpty(res, 500);
      });
  };
}
