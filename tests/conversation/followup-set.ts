import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod';
import type { Runtime } from '../../src/dispatch/execute.js';
import { executeText } from '../../src/dispatch/router.js';
import { math } from '../../src/quantities/math.js';
import { findEquivalence, parseTarget } from '../../src/quantities/parse.js';
import type { Reply } from '../../src/replies/model.js';
import { renderPlain } from '../../src/replies/plain.js';

/**
 * The blind follow-up set (tests/fixtures/followups.yaml, copied unchanged from /work/blind) and
 * how its expectations are judged. Shared by the test and the bench.
 *
 * - fact: the answer's first fact is that id.
 * - quantity {value, unit, tolerance}: the answer's quantity, in that unit, within the relative
 *   tolerance. A unit is a unit (GWh, 度) or a yardstick id (us-household, nyc); a reply in
 *   another unit of the same kind is converted (kWh for 度, 0.5 GWh for 500 MWh), and a
 *   comparison against that yardstick counts by its ratio ("0.0104 big power plants").
 * - speaker: the speaker the answer names (data.speaker), or, where the answer names none, its text.
 * - mentions: each string appears in the plain-text answer.
 * - asks_which: the answer asks which figure is meant (data.asksWhich), or is a user error that
 *   asks for the figure ("/convert banana": a number first, then a unit) and gives none.
 * - none: the answer gives no fact and no quantity, and does not ask back: a decline.
 */

const expect = z.object({
  fact: z.string().optional(),
  quantity: z.object({ value: z.number(), unit: z.string(), tolerance: z.number().default(0.05) }).optional(),
  speaker: z.string().optional(),
  mentions: z.array(z.string()).optional(),
  asks_which: z.literal(true).optional(),
  none: z.literal(true).optional(),
});

const file = z.object({
  conversations: z.array(z.object({ id: z.string(), lang: z.enum(['en', 'zh']), turns: z.array(z.object({ say: z.string(), expect })).min(1) })),
});

export type Conversation = z.infer<typeof file>['conversations'][number];
export type Expect = z.infer<typeof expect>;

export const FOLLOWUPS = join(import.meta.dirname, '..', 'fixtures', 'followups.yaml');

export function loadFollowUps(path = FOLLOWUPS): Conversation[] {
  return file.parse(parse(readFileSync(path, 'utf8'))).conversations;
}

/** Errors that ask the person for the figure rather than answer with one. */
const ASKS_FOR_FIGURE = new Set(['no-number', 'empty', 'no-unit']);

function close(got: number, want: number, tolerance: number): boolean {
  return Math.abs(got - want) <= tolerance * Math.abs(want);
}

/** The reply's quantity in the expected unit, if it has one of that kind. */
function quantityIn(reply: Reply, unit: string, rt: Runtime): number[] {
  const out: number[] = [];
  const wantYardstick = findEquivalence(unit, rt.store.equivalences);
  const q = reply.data.quantity;
  if (q) {
    const gotYardstick = findEquivalence(q.unit, rt.store.equivalences);
    if (wantYardstick || gotYardstick) {
      if (wantYardstick && gotYardstick?.id === wantYardstick.id) out.push(q.value);
    } else {
      const want = parseTarget(unit, rt.store.equivalences, true);
      const got = parseTarget(q.unit, rt.store.equivalences, true);
      if (want.ok && got.ok && want.value.kind === 'unit' && got.value.kind === 'unit') {
        try {
          out.push(math.unit(q.value * (got.value.scale ?? 1), got.value.unit).toNumber(want.value.unit) / (want.value.scale ?? 1));
        } catch {
          // Different kinds of quantity: no match.
        }
      }
    }
  }
  const c = reply.data.compare;
  if (c && wantYardstick && c.b.yardstick === wantYardstick.id) out.push(c.ratio);
  if (c && wantYardstick && c.a.yardstick === wantYardstick.id) out.push(1 / c.ratio);
  return out;
}

export interface Judged {
  ok: boolean;
  why: string[];
}

export function judge(reply: Reply, locale: 'en' | 'zh', e: Expect, rt: Runtime): Judged {
  const why: string[] = [];
  const text = renderPlain(reply, locale);
  if (e.fact !== undefined && reply.data.facts?.[0] !== e.fact) why.push(`fact ${reply.data.facts?.[0] ?? 'none'} ≠ ${e.fact}`);
  if (e.quantity) {
    const got = quantityIn(reply, e.quantity.unit, rt);
    if (!got.some((v) => close(v, e.quantity!.value, e.quantity!.tolerance)))
      why.push(`quantity ${JSON.stringify(reply.data.quantity ?? null)}${reply.data.compare ? ` ratio ${reply.data.compare.ratio}` : ''} ≠ ${e.quantity.value} ${e.quantity.unit}`);
  }
  if (e.speaker !== undefined) {
    const named = reply.data.speaker?.name;
    if (named ? !named.includes(e.speaker) : !text.includes(e.speaker)) why.push(`speaker ${named ?? '(none named)'} ≠ ${e.speaker}`);
  }
  for (const m of e.mentions ?? []) if (!text.toLowerCase().includes(m.toLowerCase())) why.push(`does not mention "${m}"`);
  if (e.asks_which) {
    const asks = reply.data.asksWhich === true || (reply.kind === 'error' && ASKS_FOR_FIGURE.has(reply.data.error?.code ?? '') && !reply.data.quantity);
    if (!asks) why.push('does not ask which figure');
  }
  if (e.none && ((reply.data.facts?.length ?? 0) > 0 || reply.data.quantity || reply.data.asksWhich || reply.kind === 'error'))
    why.push(`answered (${reply.kind}: ${reply.data.facts?.[0] ?? reply.title})`);
  return { ok: why.length === 0, why };
}

export interface Place {
  platform: string;
  channel: string;
  user: string;
}

/** One message of a conversation, as a person in a Slack channel types it. */
export async function say(rt: Runtime, text: string, where: Place): Promise<Reply> {
  const outcome = await executeText({ text, surface: 'message', caller: { platform: where.platform, user: { id: where.user }, channel: { id: where.channel, space: 'T1' } } }, rt);
  return outcome.reply;
}

export interface Score {
  turns: number;
  right: number;
  conversations: number;
  whole: number;
  /** Turns whose answer changed when another person talked in the same channel at the same time. */
  crossed: number;
  failures: { id: string; turn: number; say: string; why: string[] }[];
}

/** A reply as a person sees it, for telling whether interleaving changed it (answer ids differ run to run). */
function seen(reply: Reply): string {
  const { feedback: _ignored, ...rest } = reply;
  return JSON.stringify(rest);
}

/**
 * Each conversation twice: alone in its own channel, and interleaved turn by turn with the next
 * conversation in the set, spoken by another person in one shared channel. The interleaved run
 * is the one scored; any turn whose answer differs from the lone run was answered from the
 * other person's context.
 */
export async function runSet(rt: Runtime, set: Conversation[]): Promise<Score> {
  const score: Score = { turns: 0, right: 0, conversations: set.length, whole: 0, crossed: 0, failures: [] };
  for (let i = 0; i < set.length; i++) {
    const mine = set[i]!;
    const other = set[(i + 1) % set.length]!;
    const alone: string[] = [];
    for (const t of mine.turns) alone.push(seen(await say(rt, t.say, { platform: 'slack', channel: `alone-${i}`, user: 'U-A' })));
    const shared = `shared-${i}`;
    let allRight = true;
    const turns = Math.max(mine.turns.length, other.turns.length);
    for (let k = 0; k < turns; k++) {
      const t = mine.turns[k];
      if (t) {
        const reply = await say(rt, t.say, { platform: 'slack', channel: shared, user: 'U-A' });
        const verdict = judge(reply, mine.lang, t.expect, rt);
        score.turns++;
        if (verdict.ok) score.right++;
        else {
          allRight = false;
          score.failures.push({ id: mine.id, turn: k + 1, say: t.say, why: verdict.why });
        }
        if (seen(reply) !== alone[k]) score.crossed++;
      }
      const o = other.turns[k];
      if (o) await say(rt, o.say, { platform: 'slack', channel: shared, user: 'U-B' });
    }
    if (allRight) score.whole++;
  }
  return score;
}
