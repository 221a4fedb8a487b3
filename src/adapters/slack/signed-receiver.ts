import type { IncomingMessage } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import { type BufferedIncomingMessage, defaultBodyLimit, HTTPModuleFunctions, HTTPReceiver, type HTTPReceiverOptions, isRawBodyError, type Logger } from '@slack/bolt';
import { rejectionLog } from '../http/rejections.js';
import { REPLAY_WINDOW_S, ReplayGuard } from '../http/replay-guard.js';
import { answerEmpty, type HttpHost } from '../http/server.js';
import { REDIRECT_PATH } from './manifest.js';
import { checkShape, type Served } from './request-shape.js';

/**
 * Slack over HTTP: one path every request to /slack/events takes before Bolt's App sees it.
 *
 *   1. the body, buffered by Bolt (its 4 MB limit: 413 beyond), must be UTF-8 (400)
 *   2. Bolt's own HTTPReceiver verification (HTTPModuleFunctions.parseAndVerifyHTTPRequest):
 *      the v0 HMAC over the raw body, a timestamp not older than five minutes (401). An
 *      `ssl_check` form is exempt, as Slack specifies; Bolt strips it to `ssl_check=1`, and it
 *      is answered 200 here, never dispatched.
 *   3. both headers exactly as Slack spells them, and the timestamp not in the future (401)
 *   4. the replay guard, on the signature (401)
 *   5. the parsed body's shape (400, or 404 for what Wattson does not serve)
 *
 * Why a wrapper and not Bolt's verification alone: Bolt reads the timestamp with Number() and
 * hashes Number's spelling of it, so `0<ts>`, `00<ts>`, `<ts>.0` or ` <ts>` verify with the
 * signature of `<ts>`: the bytes hashed are not the bytes sent. Requiring the canonical
 * spelling (digits, no leading zero) makes them the same. Bolt checks only the past side of
 * the window, has no replay check, and throws on bodies such as `payload=null` inside its
 * receiver, where the rejection is unhandled and ends the process. Each check here is
 * something Bolt does not do; the signature itself is Bolt's.
 *
 * With OAuth distribution the same receiver also serves Bolt's GET /slack/install and
 * /slack/oauth_redirect (./oauth.ts); they carry no Slack signature (a browser sends them), and
 * the OAuth state, signed and checked by Bolt's installer, is what protects them.
 */

export const SLACK_EVENTS_PATH = '/slack/events';
const FORM = 'application/x-www-form-urlencoded';
/** Unix seconds as Slack sends them: digits only, no sign, no leading zero, no fraction. */
const CANONICAL_TIMESTAMP = /^[1-9][0-9]{0,11}$/;
/** `v0=` and 64 lowercase hex digits: the one spelling of an HMAC-SHA256 that Bolt compares. */
const CANONICAL_SIGNATURE = /^v0=([0-9a-f]{64})$/;
/** Invalid UTF-8 would decode to U+FFFD, and two different bodies to one signed string. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface SignedReceiverOptions {
  signingSecret: string;
  port: number;
  logger: Logger;
  served: Served;
  guard?: ReplayGuard;
  /** Bolt's default, 4 MB. */
  bodyLimit?: number;
  /** Milliseconds since the epoch. */
  now?: () => number;
  /** Bolt's OAuth installer settings ("Add to Slack"); one workspace's token otherwise. */
  oauth?: OAuthReceiverOptions;
}

export type OAuthReceiverOptions = Required<Pick<HTTPReceiverOptions, 'clientId' | 'clientSecret' | 'installationStore' | 'scopes' | 'installerOptions'>>;

export const SLACK_INSTALL_PATH = '/slack/install';
/** The manifest lists it as the app's redirect URL; the two must agree. */
export const SLACK_REDIRECT_PATH = REDIRECT_PATH;

type Admission = { forward: BufferedIncomingMessage } | { sslCheck: true } | { status: number; reason: string };

function single(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

async function admit(req: IncomingMessage, opts: SignedReceiverOptions, guard: ReplayGuard, now: () => number): Promise<Admission> {
  const bodyLimit = opts.bodyLimit ?? defaultBodyLimit;
  let buffered: BufferedIncomingMessage;
  try {
    buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, bodyLimit);
  } catch (err) {
    if (isRawBodyError(err) && err.statusCode === 413) return { status: 413, reason: `the body is over ${bodyLimit} bytes` };
    return { status: 400, reason: `the body could not be read (${err instanceof Error ? err.message : String(err)})` };
  }
  try {
    strictUtf8.decode(buffered.rawBody);
  } catch {
    return { status: 400, reason: 'the body is not valid UTF-8' };
  }

  try {
    buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ enabled: true, signingSecret: opts.signingSecret, bodyLimit }, buffered);
  } catch (err) {
    return { status: 401, reason: err instanceof Error ? err.message : 'no signature' };
  }
  // Bolt's own exemption (the same test as its parseAndVerifyHTTPRequest): an ssl_check form
  // skipped verification, so nothing in it may go further than this 200.
  if (req.headers['content-type'] === FORM && parseForm(buffered.rawBody.toString())['ssl_check'] === '1') return { sslCheck: true };

  const timestamp = single(req, 'x-slack-request-timestamp') ?? '';
  const signature = CANONICAL_SIGNATURE.exec(single(req, 'x-slack-signature') ?? '');
  if (!CANONICAL_TIMESTAMP.test(timestamp)) return { status: 401, reason: 'x-slack-request-timestamp is not spelled as Slack sends it (unix seconds, digits only)' };
  if (!signature) return { status: 401, reason: 'x-slack-signature is not spelled as Slack sends it (v0= and 64 lowercase hex digits)' };
  const ts = Number(timestamp);
  if (ts - now() / 1000 > REPLAY_WINDOW_S) return { status: 401, reason: 'x-slack-request-timestamp is more than five minutes in the future' };
  if (!guard.firstSighting(signature[1]!, ts)) return { status: 401, reason: 'a replay of a request already served' };

  let body: unknown;
  try {
    // Bolt's own parser, so the body checked is the body Bolt will route.
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch (err) {
    return { status: 400, reason: `malformed body (${err instanceof Error ? err.message : String(err)})` };
  }
  const shape = checkShape(body, opts.served);
  if (!shape.ok) return { status: shape.status, reason: shape.reason };
  return { forward: buffered };
}

/** An HTTPReceiver whose requests to /slack/events pass every check above before Bolt routes them. */
export function signedReceiver(opts: SignedReceiverOptions): HTTPReceiver {
  const now = opts.now ?? Date.now;
  const guard = opts.guard ?? new ReplayGuard({ now });
  const logRejection = rejectionLog((line) => opts.logger.warn(line), now);
  const receiver = new HTTPReceiver({
    signingSecret: opts.signingSecret,
    port: opts.port,
    logger: opts.logger,
    endpoints: SLACK_EVENTS_PATH,
    // Verified above, once, with Bolt's own function; Bolt would otherwise redo the HMAC.
    signatureVerification: false,
    ...(opts.bodyLimit !== undefined && { bodyLimit: opts.bodyLimit }),
    ...(opts.oauth && { ...opts.oauth, installerOptions: { ...opts.oauth.installerOptions, installPath: SLACK_INSTALL_PATH, redirectUriPath: SLACK_REDIRECT_PATH } }),
  });
  const bolt = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      // Bolt would throw on this URL too, and answer 500.
      answerEmpty(res, 400);
      return;
    }
    if (req.method !== 'POST' || path !== SLACK_EVENTS_PATH) {
      bolt(req, res);
      return;
    }
    admit(req, opts, guard, now)
      .then((a) => {
        if ('forward' in a) bolt(a.forward, res);
        else if ('sslCheck' in a) HTTPModuleFunctions.buildSSLCheckResponse(res);
        else {
          logRejection(a.status, a.reason);
          answerEmpty(res, a.status);
        }
      })
      .catch((err: unknown) => {
        opts.logger.error('The request check failed unexpectedly', err);
        answerEmpty(res, 500);
      });
  };
  return receiver;
}

/**
 * Puts the receiver's paths on the shared server instead of a server of Bolt's own (App#start
 * is never called). Bolt's listener throws for what it does not route (a GET of /slack/events);
 * its own server answers that with its dispatch error handler, and so does this.
 */
export function mountReceiver(receiver: HTTPReceiver, host: HttpHost, logger: Logger, oauth: boolean): void {
  const listener: Parameters<HttpHost['route']>[1] = (req, res) => {
    try {
      receiver.requestListener(req, res);
    } catch (error) {
      HTTPModuleFunctions.defaultDispatchErrorHandler({ error: error as Error, logger, request: req, response: res });
    }
  };
  host.route(SLACK_EVENTS_PATH, listener);
  if (oauth) {
    host.route(SLACK_INSTALL_PATH, listener);
    host.route(SLACK_REDIRECT_PATH, listener);
  }
}
