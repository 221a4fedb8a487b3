import { conversationKey } from '../conversation/key.js';
import { statingFact } from '../conversation/numbers.js';
import { type Resolution, resolve, thatLine, thatTitle } from '../conversation/resolve.js';
import { errorTurn, type Figure, type Turn, turnOf } from '../conversation/turn.js';
import type { Who } from '../feedback/service.js';
import { type Locale, pick, say } from '../locale.js';
import { parseDuration } from '../quantities/parse.js';
import { factAction } from '../replies/build.js';
import { factAnswer, relatedFacts } from '../replies/fact-answer.js';
import type { Block, Reply } from '../replies/model.js';
import type { Caller } from './command.js';
import { execute, type Invocation, type Outcome, type Runtime } from './execute.js';
import { parseLine } from './parse-line.js';

/**
 * A command run inside its conversation. Before it runs, the conversation's last answer may
 * give it its meaning ("and in homes?" converts the last figure); after, the answer becomes
 * the new last answer, gets its 👍 / 👎 id, and a declined question is recorded as a miss.
 * The router and Discord's options both come through here, so every platform converses alike.
 */

/** Replies that answer from the episode, and so can be rated. */
const RATED = new Set<Reply['kind']>(['answer', 'fact', 'conversion', 'comparison', 'projection', 'list']);

function whoOf(caller: Caller | undefined): Who | undefined {
  if (!caller?.platform || !caller.user?.id) return undefined;
  return { platform: caller.platform, user: caller.user.id, space: caller.channel?.space };
}

/** The text a person typed, as feedback records it: the question for /ask, else the command line. */
function questionOf(inv: Invocation): string {
  const q = inv.args['question'];
  if (inv.command === 'ask' && typeof q === 'string') return q;
  const args = Object.values(inv.args).filter((v) => v !== undefined && v !== '');
  return [`/${inv.command}`, ...(inv.subcommand ? [inv.subcommand] : []), ...args.map(String)].join(' ');
}

/** "ChatGPT's electricity use per day (500,000 kWh/day) = 17,200 US households": the answer says what "that" was. */
function withThat(reply: Reply, that: Figure, locale: Locale, over?: string): Reply {
  if (reply.kind === 'error') return reply;
  const eq = reply.title.indexOf(' = ');
  const result = eq >= 0 ? reply.title.slice(eq + 3) : undefined;
  const named = thatTitle(that, locale, over);
  return { ...reply, title: result ? `${named} = ${result}` : `${named}: ${reply.title}`, blocks: [{ type: 'text', text: thatLine(that, locale, over) }, ...reply.blocks] };
}

/**
 * A follow-up conversion the episode itself states ("那一天呢" after Google's yearly figure is the
 * episode's 79 million kWh a day): that fact, with the arithmetic beside it.
 */
function statedAnswer(reply: Reply, candidates: readonly string[], over: string | undefined, rt: Runtime, locale: Locale): Reply | undefined {
  const q = reply.data.quantity;
  if (!q) return undefined;
  const d = over ? parseDuration(over) : undefined;
  const fact = statingFact(candidates, q, rt.store, d?.ok ? d.value.hours : undefined);
  if (!fact) return undefined;
  const answer = factAnswer(fact, relatedFacts(fact, rt.store), rt.store, locale);
  const arithmetic = reply.blocks.filter((b) => b.type === 'figures');
  return {
    ...answer,
    blocks: [{ type: 'text', text: say(locale, `Wattson's arithmetic: ${reply.title}`, `Wattson 计算：${reply.title}`) }, ...arithmetic, ...answer.blocks],
    data: { ...answer.data, quantity: q },
  };
}

/**
 * A number question's answer. Where a fact the question touches states the result itself
 * ("100,000 H100s draw 70 MW"), the fact with the arithmetic beside it; otherwise the
 * arithmetic, with the facts it touches linked.
 */
function numberAnswer(reply: Reply, touched: readonly string[], rt: Runtime, locale: Locale): Reply {
  if (reply.kind === 'error' || touched.length === 0) return reply;
  const q = reply.data.quantity;
  const stating = q ? statingFact(touched, q, rt.store) : undefined;
  const arithmetic: Block[] = reply.blocks.filter((b) => b.type === 'figures' || b.type === 'list');
  if (stating) {
    const fact = factAnswer(stating, relatedFacts(stating, rt.store), rt.store, locale);
    return {
      ...fact,
      blocks: [...fact.blocks, { type: 'text', text: say(locale, `Wattson's arithmetic: ${reply.title}`, `Wattson 计算：${reply.title}`) }, ...arithmetic],
      data: { ...fact.data, ...(q && { quantity: q }) },
    };
  }
  const facts = touched.flatMap((id) => rt.store.byId.get(id) ?? []);
  return {
    ...reply,
    blocks: [...reply.blocks, { type: 'list', title: say(locale, 'From the episode', '节目中相关的内容'), items: facts.map((f) => `${pick(locale, f.claim)} (/fact ${f.id})`) }],
    actions: [...reply.actions, ...facts.map((f) => factAction(f, locale))],
    data: { ...reply.data, facts: [...new Set([...(reply.data.facts ?? []), ...facts.map((f) => f.id)])] },
  };
}

async function load(key: string | undefined, rt: Runtime): Promise<Turn | undefined> {
  const memory = rt.services.conversations;
  if (!key || !memory) return undefined;
  try {
    return await memory.get(key);
  } catch (err) {
    // A conversation store that fails (a database down) costs the follow-up, never the answer.
    rt.log.warn({ err }, 'conversation store read failed');
    return undefined;
  }
}

async function save(key: string | undefined, turn: Turn, rt: Runtime): Promise<void> {
  const memory = rt.services.conversations;
  if (!key || !memory) return;
  try {
    await memory.set(key, turn);
  } catch (err) {
    rt.log.warn({ err }, 'conversation store write failed');
  }
}

/** Runs what the conversation made of the invocation. */
async function run(inv: Invocation, res: Resolution, rt: Runtime): Promise<Outcome> {
  switch (res.kind) {
    case 'reply':
      return { command: inv.command, reply: res.reply, locale: inv.locale };
    case 'args':
      return execute({ ...inv, args: res.args }, rt);
    case 'none':
      return execute(inv, rt);
    case 'run': {
      const parsed = parseLine(res.line, rt.commands);
      // A line the conversation made always parses; if not, the message runs as it came.
      if (!parsed.ok) return execute(inv, rt);
      return execute(
        {
          command: parsed.command.name,
          ...(parsed.subcommand && { subcommand: parsed.subcommand }),
          args: parsed.args,
          ...(parsed.extra !== undefined && { extra: parsed.extra }),
          locale: inv.locale,
          ...(inv.caller && { caller: inv.caller }),
        },
        rt,
      );
    }
  }
}

export async function converse(inv: Invocation, rt: Runtime): Promise<Outcome> {
  const key = conversationKey(inv.caller);
  const turn = await load(key, rt);
  const cmd = rt.commands.find((c) => c.name === inv.command);
  const res = resolve(inv, turn, rt);
  let outcome = await run(inv, res, rt);
  // Commands about the conversation itself leave it as it was.
  if (cmd?.remembered === false && res.kind !== 'run') return outcome;
  const { locale } = outcome;
  let reply = outcome.reply;
  const that = res.kind === 'run' ? res.that : undefined;
  if (that) reply = withThat(reply, that, locale, res.kind === 'run' ? res.over : undefined);
  if (res.kind === 'run' && res.stated && reply.kind === 'conversion') reply = statedAnswer(reply, res.stated, res.over, rt, locale) ?? reply;
  if (res.kind === 'run' && res.others && reply.kind !== 'error') reply = { ...reply, actions: [...reply.actions, ...res.others] };
  if (res.kind === 'run' && res.touched) {
    reply = numberAnswer(reply, res.touched, rt, locale);
    // The episode's own figure answered it: to the person, that was /ask.
    if (reply.kind === 'answer') outcome = { ...outcome, command: inv.command };
  }
  const now = rt.now().getTime();
  // A question back ("which figure?") keeps the conversation where it was, and what was asked of it.
  if (reply.data.asksWhich) {
    if (res.kind === 'reply' && res.pending) {
      const base: Turn = turn && !turn.error ? turn : { at: now, locale, command: outcome.command, subjects: [], shown: [], figures: [], notes: [] };
      await save(key, { ...base, at: now, pending: res.pending }, rt);
    }
    return { ...outcome, reply };
  }
  const who = whoOf(inv.caller);
  const feedback = rt.services.feedback;
  let answer: string | undefined;
  if (who && feedback) {
    const answered = { question: questionOf(inv), command: outcome.command, locale, facts: reply.data.facts ?? [] };
    try {
      if (reply.data.miss) await feedback.miss(who, reply.data.miss, answered);
      if (RATED.has(reply.kind) || reply.data.miss) {
        answer = await feedback.shown(who, answered);
        reply = { ...reply, feedback: { answer } };
      }
    } catch (err) {
      rt.log.warn({ err }, 'feedback record failed');
    }
  }
  outcome = { ...outcome, reply };
  const asked = inv.command === 'ask' && typeof inv.args['question'] === 'string' ? inv.args['question'] : undefined;
  const next = reply.kind === 'error' ? errorTurn(now, locale, outcome.command) : turnOf(reply, outcome.command, locale, rt.store, now, that, asked);
  await save(key, answer ? { ...next, answer } : next, rt);
  return outcome;
}

/** A message that never reached a command (a mistyped command name) still ends what "that" meant. */
export async function rememberError(caller: Caller | undefined, locale: Locale, command: string, rt: Runtime): Promise<void> {
  await save(conversationKey(caller), errorTurn(rt.now().getTime(), locale, command), rt);
}
