import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { PostRow } from './store.js';

/**
 * The life of one post row: claimed before anything is sent, then sent or failed. The row is
 * UNIQUE per (platform, channel, local date), so the database itself refuses a second post for
 * a day, whichever process asks. A claimed row whose owner died (SIGKILL, power cut) is taken
 * over and sent again with the same nonce, so the platform can recognise it if the first
 * attempt did go out. The claim itself is the store's (src/db/daily-store.ts), in one
 * transaction on either engine.
 */

/** Owners alive in this process; anything else with our pid is a stopped poster. */
const liveOwners = new Set<string>();

/** `host` stands for the machine: tests give child processes distinct ones to play separate machines. */
export function newOwner(host = hostname()): string {
  const id = `${host}|${process.pid}|${randomUUID().slice(0, 8)}`;
  liveOwners.add(id);
  return id;
}

export function retireOwner(owner: string): void {
  liveOwners.delete(owner);
}

/** True when the owner certainly stopped: same host and its process is gone. Other hosts wait for the lease (or, on Postgres, their session). */
export function ownerGone(owner: string): boolean {
  const [host, pidText] = owner.split('|');
  if (host !== hostname()) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return !liveOwners.has(owner);
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** One nonce per channel per local day, at most 25 characters as Discord allows. */
export function nonceFor(platform: string, channelId: string, localDate: string): string {
  return `w${createHash('sha256').update(`wattson-daily|${platform}|${channelId}|${localDate}`).digest('hex').slice(0, 24)}`;
}

export interface ClaimRequest {
  platform: string;
  channelId: string;
  localDate: string;
  owner: string;
  now: number;
  leaseMs: number;
  /** The fact ids in the store today. */
  factIds: readonly string[];
}

export interface Claimed {
  post: PostRow;
  /** A crashed or stopped owner's claim taken over: the platform may already have the message. */
  resend: boolean;
}
