import * as z from 'zod';
import { type CommandContext, defineCommand } from '../src/dispatch/command.js';
import { about } from '../src/dispatch/options.js';
import type { StoredFact } from '../src/facts/load.js';
import { pick, say } from '../src/locale.js';
import { episodeFooter, errorReply, factAction } from '../src/replies/build.js';
import { factAnswer, relatedFacts } from '../src/replies/fact-answer.js';
import type { Reply } from '../src/replies/model.js';

function randomOf<T>(items: readonly T[], ctx: CommandContext): T | undefined {
  return items[Math.floor(ctx.random() * items.length)];
}

function show(fact: StoredFact, ctx: CommandContext): Reply {
  return { ...factAnswer(fact, relatedFacts(fact, ctx.store), ctx.store, ctx.locale), kind: 'fact' };
}

function topicList(ctx: CommandContext): Reply {
  const { locale, store } = ctx;
  return {
    kind: 'list',
    title: say(locale, `Topics (${store.facts.length} facts)`, `话题（共 ${store.facts.length} 条事实）`),
    blocks: [
      {
        type: 'table',
        columns: [say(locale, 'Topic', '话题'), say(locale, 'Facts', '条数'), say(locale, 'Command', '命令')],
        rows: store.topics.map((t) => [pick(locale, t.name), String(t.facts.length), `/fact ${t.id}`]),
      },
    ],
    actions: store.topics.slice(0, 5).map((t) => ({ label: pick(locale, t.name), command: `/fact ${t.id}` })),
    footer: episodeFooter(store, locale),
    data: { facts: [] },
  };
}

/** Matches a topic by id or by its name in either language ("fusion", "核聚变"). */
function findTopic(query: string, ctx: CommandContext) {
  const q = query.toLowerCase();
  return (
    ctx.store.topics.find((t) => t.id === q || t.name.en.toLowerCase() === q || t.name.zh === query) ?? ctx.store.topics.find((t) => t.name.en.toLowerCase().includes(q) || t.name.zh.includes(query))
  );
}

export const fact = defineCommand({
  name: 'fact',
  description: {
    en: 'A fact from the episode: random, by id, or from a topic ("topics" lists them)',
    zh: '节目中的一条事实：随机、按编号或按话题（输入 topics 查看话题）',
  },
  options: z.object({
    id: z
      .string()
      .max(100)
      .optional()
      .meta(about('A fact id or a topic; leave empty for a random fact', '事实编号或话题；留空则随机', { rest: true, autocomplete: 'fact-or-topic' })),
  }),
  examples: [
    { line: '/fact', description: { en: 'A random fact', zh: '随机一条事实' } },
    { line: '/fact helion-msft-50mw-2028', description: { en: "Helion's deal with Microsoft", zh: 'Helion 与微软的协议' } },
    { line: '/fact fusion', description: { en: 'A random fusion fact', zh: '随机一条核聚变事实' } },
    { line: '/fact topics', description: { en: 'Topics with their fact counts', zh: '各话题及事实条数' } },
  ],
  run({ id }, ctx) {
    const query = id ?? '';
    if (!query) return show(randomOf(ctx.store.facts, ctx)!, ctx);
    if (/^(topics|话题)$/i.test(query)) return topicList(ctx);
    const byId = ctx.store.byId.get(query.toLowerCase());
    if (byId) return show(byId, ctx);
    const topic = findTopic(query, ctx);
    if (topic && topic.facts.length > 0) return show(randomOf(topic.facts, ctx)!, ctx);
    const near = ctx.search.suggestIds(query.toLowerCase(), 3);
    const guesses = near.length > 0 ? near : ctx.search.search(query, 3).hits.map((h) => h.fact);
    const shown = query.slice(0, 60);
    return errorReply(
      ctx.locale,
      'unknown-fact',
      {
        en: `No fact or topic is called "${shown}".${guesses.length ? ` Did you mean ${guesses.map((f) => f.id).join(', ')}?` : ''} /fact topics lists the topics.`,
        zh: `没有名为“${shown}”的事实或话题。${guesses.length ? `你是不是想找 ${guesses.map((f) => f.id).join('、')}？` : ''}输入 /fact topics 查看话题。`,
      },
      guesses[0] ? `/fact ${guesses[0].id}` : '/fact topics',
      guesses.map((f) => factAction(f, ctx.locale)),
    );
  },
});
