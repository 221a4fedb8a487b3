import type { AboutKind } from '../facts/conversation.js';
import type { StoredFact } from '../facts/load.js';
import type { FactStore } from '../facts/store.js';
import { type Locale, pick, say } from '../locale.js';
import { describeOrigin, episodeFooter, factAction, factBlocks, speakerOrigin, verdictLabel } from '../replies/build.js';
import { relatedFacts } from '../replies/fact-answer.js';
import type { Action, Block, Origin, Reply } from '../replies/model.js';
import type { Figure, Turn } from './turn.js';

/**
 * Answers to questions about the last answer ("who said that?", "what's the source?", "why?",
 * "more") and the question back when there is nothing to refer to. Each says what "that" was
 * before anything else.
 */

/** "ChatGPT's electricity use per day (500,000 kWh/day)"; a figure the user typed is just itself. */
export function thatText(f: Figure, locale: Locale): string {
  if (f.label === f.stated) return f.stated;
  return locale === 'zh' ? `${f.label}（${f.stated}）` : `${f.label} (${f.stated})`;
}

function subjectFacts(turn: Turn, store: FactStore): StoredFact[] {
  return turn.subjects.flatMap((id) => store.byId.get(id) ?? []).slice(0, 2);
}

function factThat(fact: StoredFact, turn: Turn, locale: Locale): string {
  const figure = turn.figures.find((f) => f.fact === fact.id);
  return figure ? thatText(figure, locale) : pick(locale, fact.claim);
}

function notice(title: string, blocks: Block[], store: FactStore, locale: Locale, facts: string[], actions: Action[] = []): Reply {
  return { kind: 'answer', title, blocks, actions, footer: episodeFooter(store, locale), data: { facts } };
}

/** Nothing to refer to, or more than one thing: ask which figure is meant, never guess. */
export function whichReply(locale: Locale, why: 'nothing' | 'error' | 'several' | 'no-figure', choices: Action[] = []): Reply {
  const text = {
    nothing: say(
      locale,
      "I have no earlier answer of yours in this conversation to refer to (I remember one for 15 minutes), so I won't guess. Which figure do you mean? Ask about it, or give it with its unit:",
      '这段对话里没有你之前的回答可以指代（对话保留 15 分钟），我不做猜测。你指的是哪个数字？可以直接问，或连同单位写出来：',
    ),
    error: say(
      locale,
      'Your last message got no answer, so there is no figure for "that" to mean. Which figure do you mean?',
      '你上一条消息没有得到回答，所以“那个”没有可指的数字。你指的是哪个数字？',
    ),
    several: say(locale, 'The last answer has more than one figure. Which one do you mean?', '上一个回答里有不止一个数字。你指的是哪一个？'),
    'no-figure': say(
      locale,
      'The last answer states no energy or power figure, so there is nothing to convert or compare. Which figure do you mean?',
      '上一个回答里没有能量或功率数字，无法换算或比较。你指的是哪个数字？',
    ),
  }[why];
  const examples = ['/ask how much electricity does ChatGPT use a day?', '/convert 500000 kWh/day to homes'];
  return {
    kind: 'notice',
    title: say(locale, 'Which figure do you mean?', '你指的是哪个数字？'),
    blocks: [{ type: 'text', text }, ...(choices.length ? [] : [{ type: 'list' as const, items: examples }])],
    actions: choices.length ? choices : examples.map((e) => ({ label: e, command: e })),
    data: { facts: [], asksWhich: true },
  };
}

function yours(turn: Turn, locale: Locale, what: string): Block[] {
  const figure = turn.figures[0];
  const shown = figure ? thatText(figure, locale) : say(locale, 'That figure', '那个数字');
  return [
    { type: 'text', text: say(locale, `“That” is ${shown}.`, `“那个”指的是${shown}。`) },
    { type: 'text', text: what },
    ...(turn.notes.length ? [{ type: 'list' as const, title: say(locale, 'Working', '算式'), items: turn.notes }] : []),
  ];
}

function speaker(turn: Turn, store: FactStore, locale: Locale): Reply {
  const facts = subjectFacts(turn, store);
  if (facts.length === 0) {
    return notice(
      say(locale, 'Your own figure', '你自己给的数字'),
      yours(turn, locale, say(locale, 'Nobody in the episode said it: it was your figure, and the arithmetic is Wattson’s.', '节目里没有人说过：这是你给的数字，换算是 Wattson 算的。')),
      store,
      locale,
      [],
    );
  }
  const blocks: Block[] = [];
  let first: { id: string; name: string } | undefined;
  for (const fact of facts) {
    const origin = speakerOrigin(store, fact, locale);
    const who = store.speakers.get(fact.speaker);
    const name = origin.kind === 'episode' ? origin.speakerName : fact.speaker;
    first ??= { id: fact.speaker, name };
    const role = who ? pick(locale, who.role) : '';
    blocks.push({
      type: 'text',
      text: say(
        locale,
        `${factThat(fact, turn, locale)}: ${name}${role ? `, ${role}` : ''}, said it in the episode${fact.speaker_inferred ? ' (the transcript does not name the speaker; inferred from the conversation)' : ''}.`,
        `${factThat(fact, turn, locale)}：${name}${role ? `（${role}）` : ''}在节目里说的${fact.speaker_inferred ? '（文字稿未标明发言人，根据上下文推断）' : ''}。`,
      ),
    });
    blocks.push({ type: 'quote', text: fact.quote, speaker: name });
  }
  const reply = notice(
    say(locale, `Who said it: ${first!.name}`, `谁说的：${first!.name}`),
    blocks,
    store,
    locale,
    facts.map((f) => f.id),
    facts.map((f) => factAction(f, locale)),
  );
  return { ...reply, data: { ...reply.data, speaker: first! } };
}

function source(turn: Turn, store: FactStore, locale: Locale): Reply {
  const facts = subjectFacts(turn, store);
  if (facts.length === 0) {
    return notice(
      say(locale, 'Where that figure comes from', '这个数字的来源'),
      yours(
        turn,
        locale,
        say(
          locale,
          'It was your own figure; the conversion is Wattson’s arithmetic through a units library that agrees with GNU units, and any yardstick names its source below.',
          '这是你给的数字；换算由 Wattson 通过与 GNU units 一致的单位库完成，用到的参照物在下面注明来源。',
        ),
      ),
      store,
      locale,
      [],
    );
  }
  const blocks: Block[] = [];
  for (const fact of facts) {
    const e = store.episode;
    const origin: Origin = speakerOrigin(store, fact, locale);
    blocks.push({
      type: 'text',
      text: say(
        locale,
        `${factThat(fact, turn, locale)} comes from ${describeOrigin(origin, locale)}: ${pick(locale, e.show)} ${e.number}, ${e.published}, ${e.url}.`,
        `${factThat(fact, turn, locale)}出自${describeOrigin(origin, locale)}：${pick(locale, e.show)} ${e.number}，${e.published}，${e.url}。`,
      ),
    });
    blocks.push({ type: 'quote', text: fact.quote, speaker: origin.kind === 'episode' ? origin.speakerName : '' });
    if (fact.context) {
      blocks.push({
        type: 'context',
        title: say(locale, `Public sources: ${verdictLabel(fact.verdict, locale)}`, `公开来源：${verdictLabel(fact.verdict, locale)}`),
        text: pick(locale, fact.context),
        sources: fact.context.sources.map((s) => ({ kind: 'public', source: `${s.name}: ${s.figure}`, year: s.year, ...(s.url && { url: s.url }) })),
      });
    } else {
      blocks.push({
        type: 'text',
        text: say(locale, 'The fact check found public sources agreeing with it; the episode is the source quoted.', '事实核查发现公开资料与之一致；这里引用的来源是节目本身。'),
      });
    }
  }
  return notice(
    say(locale, `Source: ${factThat(facts[0]!, turn, locale)}`, `出处：${factThat(facts[0]!, turn, locale)}`),
    blocks,
    store,
    locale,
    facts.map((f) => f.id),
    facts.map((f) => factAction(f, locale)),
  );
}

function why(turn: Turn, store: FactStore, locale: Locale): Reply {
  const facts = subjectFacts(turn, store);
  if (facts.length === 0) {
    return notice(say(locale, 'Why that number', '为什么是这个数'), yours(turn, locale, say(locale, 'Here is the working behind it:', '下面是它的算式：')), store, locale, []);
  }
  const fact = facts[0]!;
  const blocks: Block[] = [{ type: 'text', text: say(locale, `“That” is ${factThat(fact, turn, locale)}.`, `“那个”指的是${factThat(fact, turn, locale)}。`) }, ...factBlocks(store, fact, locale)];
  if (!fact.context)
    blocks.push({ type: 'text', text: say(locale, 'The episode gives no more reason than this, and public sources agree with the figure.', '节目里没有给出更多理由，公开资料与这个数字一致。') });
  if (turn.notes.length) blocks.push({ type: 'list', title: say(locale, 'Working', '算式'), items: turn.notes });
  return notice(
    say(locale, `Why: ${factThat(fact, turn, locale)}`, `为什么：${factThat(fact, turn, locale)}`),
    blocks,
    store,
    locale,
    [fact.id],
    relatedFacts(fact, store).map((f) => factAction(f, locale)),
  );
}

function more(turn: Turn, store: FactStore, locale: Locale): Reply {
  const fact = subjectFacts(turn, store)[0]!;
  const related = relatedFacts(fact, store);
  const topic = store.topicById.get(fact.topic);
  const blocks: Block[] = [{ type: 'text', text: say(locale, `More on ${factThat(fact, turn, locale)}:`, `关于${factThat(fact, turn, locale)}的更多内容：`) }];
  if (fact.context)
    blocks.push({
      type: 'context',
      title: say(locale, `In context: ${verdictLabel(fact.verdict, locale)}`, `背景：${verdictLabel(fact.verdict, locale)}`),
      text: pick(locale, fact.context),
      sources: fact.context.sources.map((s) => ({ kind: 'public', source: `${s.name}: ${s.figure}`, year: s.year, ...(s.url && { url: s.url }) })),
    });
  for (const r of related) blocks.push({ type: 'text', text: `• ${pick(locale, r.claim)} (/fact ${r.id})` });
  if (topic) blocks.push({ type: 'text', text: say(locale, `Everything on ${pick(locale, topic.name)}: /fact ${topic.id}`, `${pick(locale, topic.name)}的全部内容：/fact ${topic.id}`) });
  return notice(
    say(locale, `More: ${factThat(fact, turn, locale)}`, `更多：${factThat(fact, turn, locale)}`),
    blocks,
    store,
    locale,
    [fact.id, ...related.map((r) => r.id)],
    related.map((r) => factAction(r, locale)),
  );
}

/** An answer about the last answer, or undefined when it must come from a command ("more" on a conversion). */
export function aboutReply(kind: AboutKind, turn: Turn, store: FactStore, locale: Locale): Reply | undefined {
  switch (kind) {
    case 'speaker':
      return speaker(turn, store, locale);
    case 'source':
      return source(turn, store, locale);
    case 'why':
      return why(turn, store, locale);
    case 'more':
      return turn.subjects.length > 0 ? more(turn, store, locale) : undefined;
  }
}
