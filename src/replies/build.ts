import type { StoredFact } from '../facts/load.js';
import type { Bilingual } from '../facts/schema.js';
import type { FactStore } from '../facts/store.js';
import { type Locale, pick, say } from '../locale.js';
import { formatFactValue, isCalendarYear } from '../quantities/fact-values.js';
import type { Action, Block, Figure, Origin, Reply } from './model.js';

/** Builders shared by commands: the citation footer, a fact's blocks, user errors. */

export function episodeFooter(store: FactStore, locale: Locale): string {
  const e = store.episode;
  return `${pick(locale, e.show)} ${e.number} · ${e.title.zh} · ${e.published} · ${e.url}`;
}

export function speakerOrigin(store: FactStore, fact: StoredFact, locale: Locale): Origin {
  const speaker = store.speakers.get(fact.speaker);
  return {
    kind: 'episode',
    speaker: fact.speaker,
    speakerName: speaker ? pick(locale, speaker.name) : fact.speaker,
    ...(fact.speaker_inferred && { inferred: true }),
  };
}

export function describeOrigin(origin: Origin, locale: Locale): string {
  switch (origin.kind) {
    case 'episode':
      return say(locale, `the episode, ${origin.speakerName}${origin.inferred ? ' (speaker inferred)' : ''}`, `节目，${origin.speakerName}${origin.inferred ? '（推断的发言人）' : ''}`);
    case 'public':
      return `${origin.source}, ${origin.year}`;
    case 'arithmetic':
      return say(locale, `Wattson's arithmetic: ${origin.working}`, `Wattson 计算：${origin.working}`);
  }
}

const VERDICT_LABEL: Record<string, Bilingual> = {
  consistent: { en: 'matches public sources', zh: '与公开资料一致' },
  rounded: { en: 'loosely rounded', zh: '数字较粗略' },
  outdated: { en: 'outdated', zh: '已过时' },
  disputed: { en: 'disputed', zh: '存在争议' },
  misattributed: { en: 'misattributed', zh: '张冠李戴' },
  wrong: { en: 'contradicted by public sources', zh: '与公开资料不符' },
  unverifiable: { en: 'no public source found', zh: '未找到公开来源' },
};

export function verdictLabel(verdict: string, locale: Locale): string {
  const label = VERDICT_LABEL[verdict];
  return label ? pick(locale, label) : verdict;
}

/**
 * The blocks every fact answer shows: the claim, its figures with their origin, the verbatim
 * quote, and (always, for a disputed figure) the public context.
 */
export function factBlocks(store: FactStore, fact: StoredFact, locale: Locale, extra: Figure[] = []): Block[] {
  const origin = speakerOrigin(store, fact, locale);
  const blocks: Block[] = [{ type: 'text', text: pick(locale, fact.claim) }];
  const figures: Figure[] = fact.values.map((v) => ({
    label: pick(locale, v.measures),
    value: isCalendarYear(v) ? formatFactValue(v, locale) : `${formatFactValue(v, locale)} (${v.year})`,
    origin,
  }));
  figures.push(...extra);
  if (figures.length > 0) blocks.push({ type: 'figures', figures });
  blocks.push({ type: 'quote', text: fact.quote, speaker: origin.kind === 'episode' ? origin.speakerName : '' });
  if (fact.context) {
    blocks.push({
      type: 'context',
      title: say(locale, `Context: ${verdictLabel(fact.verdict, locale)}`, `背景：${verdictLabel(fact.verdict, locale)}`),
      text: pick(locale, fact.context),
      sources: fact.context.sources.map((s) => ({ kind: 'public', source: `${s.name}: ${s.figure}`, year: s.year, ...(s.url && { url: s.url }) })),
    });
  }
  return blocks;
}

export function factAction(fact: StoredFact, locale: Locale): Action {
  return { label: pick(locale, fact.claim).slice(0, 80), command: `/fact ${fact.id}` };
}

export function errorReply(locale: Locale, code: string, message: Bilingual, example?: string, actions: Action[] = []): Reply {
  const text = pick(locale, message);
  return {
    kind: 'error',
    title: say(locale, 'Not quite', '没能理解'),
    blocks: [{ type: 'text', text }, ...(example ? [{ type: 'text' as const, text: say(locale, `Try: ${example}`, `试试：${example}`) }] : [])],
    actions,
    private: true,
    data: { error: { code, message: text, ...(example && { example }) } },
  };
}

/** The one apology, for anything unexpected: it says what to do next and never shows what failed. */
export function apology(locale: Locale): Reply {
  return errorReply(locale, 'internal', { en: 'Sorry, something went wrong on my side. It has been logged; please try again.', zh: '抱歉，我这边出了点问题，已记录下来，请再试一次。' }, '/help');
}
