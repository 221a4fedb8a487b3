import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse } from 'node:querystring';
import { defaultBodyLimit, HTTPModuleFunctions, HTTPReceiver, isRawBodyError, type Logger, verifySlackRequest } from '@slack/bolt';

/**
 * Bolt checks a request's signature and rejects timestamps older than five minutes, but a
 * captured request replayed within those five minutes passes both checks. The receiver
 * built here verifies each request once, with Bolt's own verifySlackRequest, remembers every
 * verified (timestamp, signature) pair until Bolt's rule would call it stale, and answers a
 * second sighting with 401 before Bolt's App (and the command) ever see it.
 */

const WINDOW_MS = 5 * 60 * 1000;
const SWEEP_EVERY_MS = 30 * 1000;

export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** True the first time a signed request is seen; false for a replay. */
  firstSighting(timestamp: string, signature: string): boolean {
    const now = this.now();
    if (now >= this.nextSweep) this.sweep(now);
    const key = `${timestamp}:${signature}`;
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > now) return false;
    this.seen.set(key, Number(timestamp) * 1000 + WINDOW_MS);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(now: number): void {
    for (const [key, expires] of this.seen) if (expires <= now) this.seen.delete(key);
    this.nextSweep = now + SWEEP_EVERY_MS;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

function reject(res: ServerResponse, status: number): void {
  if (!res.headersSent) res.writeHead(status);
  res.end();
}

export interface SignedReceiverOptions {
  signingSecret: string;
  port: number;
  logger: Logger;
  guard?: ReplayGuard;
  onReplay?: () => void;
}

/**
 * An HTTPReceiver whose requests are verified in front of Bolt instead of inside it, so the
 * replay check sees only verified pairs (forged requests cannot fill its memory) and each
 * signature is checked once. The two are built together so one cannot be had without the other.
 */
export function signedReceiver(opts: SignedReceiverOptions): HTTPReceiver {
  const guard = opts.guard ?? new ReplayGuard();
  const endpoint = '/slack/events';
  const receiver = new HTTPReceiver({ signingSecret: opts.signingSecret, port: opts.port, logger: opts.logger, signatureVerification: false });
  const inner: RequestListener = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method?.toUpperCase() !== 'POST' || path !== endpoint) return inner(req, res);
    HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit).then(
      (buffered) => {
        const body = buffered.rawBody.toString();
        // Slack's ssl_check is unsigned; Bolt exempts it too, and answers it with an empty 200.
        if (req.headers['content-type'] === 'application/x-www-form-urlencoded' && parse(body)['ssl_check'] === '1') return inner(buffered, res);
        const timestamp = header(req, 'x-slack-request-timestamp');
        const signature = header(req, 'x-slack-signature');
        try {
          verifySlackRequest({ signingSecret: opts.signingSecret, body, headers: { 'x-slack-signature': signature!, 'x-slack-request-timestamp': Number(timestamp) } });
        } catch (err) {
          opts.logger.warn(`Rejected a request: ${err instanceof Error ? err.message : 'no signature'}`);
          return reject(res, 401);
        }
        if (!guard.firstSighting(timestamp!, signature!)) {
          opts.onReplay?.();
          return reject(res, 401);
        }
        inner(buffered, res);
      },
      (err: unknown) => reject(res, isRawBodyError(err) && err.statusCode === 413 ? 413 : 400),
    );
  };
  return receiver;
}
