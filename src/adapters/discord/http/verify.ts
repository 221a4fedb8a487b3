import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { REPLAY_WINDOW_S, type ReplayGuard } from '../../http/replay-guard.js';

/**
 * Discord's request signing for the Interactions Endpoint: Ed25519 over the timestamp header
 * followed by the raw body, with the application's public key. Node's own crypto verifies it
 * (OpenSSL's Ed25519, which refuses non-canonical signatures).
 *
 * What Discord's libraries leave out and this adds, as Slack's receiver does: the timestamp must
 * be unix seconds in plain digits and within five minutes of now on either side, and a signed
 * request is served once (the replay guard keys on a digest of the exact bytes signed, so no
 * re-spelling of the headers gets a second answer).
 */

/** SubjectPublicKeyInfo for an Ed25519 key, before its 32 raw bytes (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const TIMESTAMP = /^[1-9][0-9]{0,11}$/;
const SIGNATURE = /^[0-9a-fA-F]{128}$/;

/** The Developer Portal's Public Key (64 hex digits) as a key Node can verify with. */
export function publicKeyFromHex(hex: string): KeyObject {
  const raw = Buffer.from(hex, 'hex');
  if (raw.length !== 32) throw new Error('a Discord public key is 32 bytes (64 hex digits)');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export type Verdict = { ok: true } | { ok: false; reason: string };

function single(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

export interface VerifyOptions {
  key: KeyObject;
  guard: ReplayGuard;
  /** Milliseconds since the epoch. */
  now: () => number;
}

/** Whether `body` came from Discord, now, for the first time. Every failure is a 401. */
export function verifyDiscordRequest(req: IncomingMessage, body: Buffer, opts: VerifyOptions): Verdict {
  const timestamp = single(req, 'x-signature-timestamp');
  const signature = single(req, 'x-signature-ed25519');
  if (timestamp === undefined || signature === undefined) return { ok: false, reason: 'no X-Signature-Ed25519 / X-Signature-Timestamp' };
  if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: 'x-signature-timestamp is not unix seconds in plain digits' };
  if (!SIGNATURE.test(signature)) return { ok: false, reason: 'x-signature-ed25519 is not 64 bytes of hex' };
  const ts = Number(timestamp);
  if (Math.abs(ts - opts.now() / 1000) > REPLAY_WINDOW_S) return { ok: false, reason: 'x-signature-timestamp is more than five minutes from now' };
  const signed = Buffer.concat([Buffer.from(timestamp), body]);
  if (!verify(null, signed, opts.key, Buffer.from(signature, 'hex'))) return { ok: false, reason: 'the signature does not verify with DISCORD_PUBLIC_KEY' };
  if (!opts.guard.firstSighting(createHash('sha256').update(signed).digest('hex'), ts)) return { ok: false, reason: 'a replay of a request already served' };
  return { ok: true };
}
