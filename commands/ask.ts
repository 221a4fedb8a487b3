import * as z from 'zod';
import { type CommandContext, defineCommand, type Example } from '../src/dispatch/command.js';
import { about } from '../src/dispatch/options.js';
import { episodeQuestionRest } from '../src/facts/episode-question.js';
import type { StoredFact } from '../src/facts/load.js';
import type { SearchHit, SearchResult } from '../src/facts/search.js';
import { pick, say } from '../src/locale.js';
import { aboutReply } from '../src/replies/about.js';
import { episodeFooter, factAction } from '../src/replies/build.js';
import { factAnswer, MAX_RELATED, relatedFacts } from '../src/replies/fact-answer.js';
import type { MatchKind, Reply } from '../src/replies/model.js';

/** Other strong hits first, then the best fact's own related list; never the best itself. */
function relatedTo(best: StoredFact, hits: SearchHit[], ctx: CommandContext): StoredFact[] {
  const out: StoredFact[] = [];
  const add = (f: StoredFact | undefined) => {
    if (f && f.id !== best.id && !out.includes(f) && out.length < MAX_RELATED) out.push(f);
  };
  const top = hits[0]?.score ?? 0;
  for (const h of hits.slice(1)) if (h.score >= top * 0.6) add(h.fact);
  for (const id of best.related) add(ctx.store.byId.get(id));
  return out;
}

/** Other hits worth offering beside the best: close in score, at most three. */
function alternatives(hits: SearchHit[], share: number): StoredFact[] {
  const top = hits[0]?.score ?? 0;
  return hits
    .slice(1)
    .filter((h) => h.score >= top * share)
    .slice(0, MAX_RELATED)
    .map((h) => h.fact);
}

/** For a closest match: the other likely facts, then the best fact's own related ones, so there is always somewhere to go. */
function otherCandidates(hits: SearchHit[], ctx: CommandContext): StoredFact[] {
  const best = hits[0]!.fact;
  const out = alternatives(hits, 0.3);
  for (const id of best.related) {
    const f = ctx.store.byId.get(id);
    if (f && out.length < MAX_RELATED && !out.includes(f)) out.push(f);
  }
  return out;
}

/** Shared fact answers stay shared (renderers cache by reply), so the marked copy is made once per answer. */
const marked = new WeakMap<Reply, Reply>();

function withMatch(reply: Reply, match: MatchKind): Reply {
  if (reply.data.match === match) return reply;
  let out = marked.get(reply);
  if (!out || out.data.match !== match) {
    out = Object.freeze({ ...reply, data: Object.freeze({ ...reply.data, match }) });
    marked.set(reply, out);
  }
  return out;
}

/**
 * Likely but not certain: the best fact in full (figures, quote, the public context of a
 * disputed claim), headed as the closest match, with the other candidates as buttons.
 */
function closest(ctx: CommandContext, question: string, best: StoredFact, others: StoredFact[]): Reply {
  const { locale, store } = ctx;
  const full = factAnswer(best, [], store, locale);
  const note = {
    type: 'text' as const,
    text: say(locale, `The closest match in the episode to "${question}":`, `节目里与“${question}”最接近的内容：`),
  };
  return {
    ...full,
    title: say(locale, `Closest match: ${full.title}`, `最接近的内容：${full.title}`),
    blocks: [
      note,
      ...full.blocks,
      ...(others.length > 0 ? [{ type: 'list' as const, title: say(locale, 'Or did you mean', '或者你想问的是'), items: others.map((f) => `${pick(locale, f.claim)} (/fact ${f.id})`) }] : []),
    ],
    actions: others.map((f) => factAction(f, locale)),
    data: { facts: [best.id, ...others.map((f) => f.id)], match: 'closest', miss: 'closest' },
  };
}

function notCovered(ctx: CommandContext, question: string, suggestions: StoredFact[]): Reply {
  const { locale, store } = ctx;
  const topics = store.topics.map((t) => `${pick(locale, t.name)} (/fact ${t.id})`);
  const nearMiss = suggestions.length > 0;
  return {
    kind: 'notice',
    title: nearMiss ? say(locale, 'Did you mean…', '你是不是想问……') : say(locale, 'Not covered by the episode', '节目没有谈到这个'),
    blocks: [
      {
        type: 'text',
        text: nearMiss
          ? say(locale, `I am not sure the episode answers "${question}". Closest:`, `不确定节目是否回答了“${question}”。最接近的是：`)
          : say(locale, `The episode does not cover "${question}", so I won't guess. It does cover these topics:`, `节目没有谈到“${question}”，我不做猜测。节目谈到的话题有：`),
      },
      nearMiss ? { type: 'list', items: suggestions.map((f) => `${pick(locale, f.claim)} (/fact ${f.id})`) } : { type: 'list', items: topics },
    ],
    actions: suggestions.map((f) => factAction(f, locale)),
    footer: episodeFooter(store, locale),
    // data.miss marks a miss the feedback layer records (issue 13).
    data: { facts: [], match: nearMiss ? 'ambiguous' : 'none', miss: nearMiss ? 'closest' : 'declined' },
  };
}

/** The reply for each way the search can be sure, or not. */
function answer(ctx: CommandContext, question: string, result: SearchResult): Reply {
  const best = result.hits[0];
  const shown = question.slice(0, 120);
  switch (best ? result.match : 'none') {
    case 'confident':
      return withMatch(factAnswer(best!.fact, relatedTo(best!.fact, result.hits, ctx), ctx.store, ctx.locale), 'confident');
    case 'closest':
      return closest(ctx, shown, best!.fact, otherCandidates(result.hits, ctx));
    case 'ambiguous':
      return notCovered(ctx, shown, [best!.fact, ...alternatives(result.hits, 0.8)]);
    default:
      return notCovered(ctx, shown, []);
  }
}

const THANKS = /^(thanks?|thank you|thx|ty|cheers|谢谢|多谢|感谢)/i;

/**
 * For a message with nothing to look up ("hey Wattson", "thanks", "你好"): a short reply in
 * kind, what Wattson knows, and questions to try, rather than "the episode does not cover".
 */
function smallTalk(ctx: CommandContext, question: string, examples: readonly Example[]): Reply {
  const { locale, store } = ctx;
  const { show, number } = store.episode;
  const thanks = THANKS.test(question.trim());
  const intro = thanks
    ? say(locale, 'Glad it helped. Ask me another, for example:', '很高兴能帮上忙。还可以这样问：')
    : say(
        locale,
        `I answer questions about AI's electricity use, the grid, data centres and fusion from the ${show.en} podcast, episode ${number}, with the speakers' words and public sources. Ask me something, for example:`,
        `我根据${show.zh}播客 ${number} 期的内容，回答关于 AI 用电、电网、数据中心和核聚变的问题，并附上嘉宾原话和公开来源。可以这样问：`,
      );
  return {
    kind: 'notice',
    title: thanks ? say(locale, "You're welcome", '不客气') : say(locale, "Hi, I'm Wattson", '你好，我是 Wattson'),
    blocks: [
      { type: 'text', text: intro },
      { type: 'list', items: examples.map((e) => e.line) },
    ],
    actions: examples.map((e) => ({ label: pick(locale, e.description), command: e.line })),
    footer: episodeFooter(store, locale),
    data: { facts: [] },
  };
}

const EXAMPLES: readonly Example[] = [
  { line: '/ask how much electricity does ChatGPT use a day?', description: { en: "ChatGPT's daily electricity use", zh: 'ChatGPT 每天用多少电' } },
  { line: '/ask 微软和Helion的核聚变购电协议是什么？', description: { en: 'Helion and Microsoft, asked in Chinese', zh: '用中文问 Helion 与微软' } },
  { line: '/ask how much power do 100,000 H100s draw?', description: { en: 'A 100k-H100 cluster', zh: '10 万块 H100 的功率' } },
];

export const ask = defineCommand({
  name: 'ask',
  description: {
    en: 'Ask about AI, power and fusion; answered from the episode, with sources',
    zh: '就 AI、电力与核聚变提问，依据节目内容回答并注明来源',
  },
  options: z.object({
    question: z
      .string()
      .max(500)
      .meta(about('Your question, in English or Chinese', '你的问题，中英文皆可', { rest: true })),
  }),
  examples: EXAMPLES,
  run({ question }, ctx) {
    const byId = ctx.store.byId.get(question.toLowerCase());
    if (byId) return withMatch(factAnswer(byId, relatedFacts(byId, ctx.store), ctx.store, ctx.locale), 'confident');
    const result = ctx.search.search(question);
    // "Who are the guests?", "这期嘉宾是谁": about the episode itself, which no fact is. A fact the
    // search is sure of still wins, and so does any word beside the episode's that the search
    // reads as a topic ("what did the host say about…"), known to the store or not.
    if (result.match !== 'confident') {
      const rest = episodeQuestionRest(question, ctx.store.lexicon);
      const other = rest === undefined ? undefined : ctx.search.search(rest);
      if (other && !other.substantive) return aboutReply(ctx.store, ctx.locale);
    }
    // "Thanks, that was super helpful!": thanks, with words around it that name no fact and no
    // question mark, is thanks ("thanks! and what about Helion?" is a question).
    const thanks = result.match === 'none' && THANKS.test(question.trim()) && !/[?？]/.test(question);
    if (!result.substantive || thanks) return smallTalk(ctx, question, EXAMPLES);
    return answer(ctx, question, result);
  },
});
