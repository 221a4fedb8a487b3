import { VERDICTS } from '../facts/schema.js';
import type { FactStore } from '../facts/store.js';
import { type Locale, pick, say } from '../locale.js';
import { episodeFooter, verdictLabel } from './build.js';
import type { Reply } from './model.js';

/** The episode, its speakers and how the facts held up: /about's card, and /ask's answer to a question about the episode itself. */
export function aboutReply(store: FactStore, locale: Locale): Reply {
  const e = store.episode;
  const counts = VERDICTS.map((v) => [v, store.facts.filter((f) => f.verdict === v).length] as const).filter(([, n]) => n > 0);
  return {
    kind: 'about',
    title: `${pick(locale, e.show)} ${e.number}: ${e.title.zh}`,
    blocks: [
      {
        type: 'fields',
        fields: [
          { name: say(locale, 'Title', '标题'), value: `${e.title.zh} (${e.title.en})` },
          { name: say(locale, 'Published', '发布日期'), value: e.published },
          { name: say(locale, 'Listen', '收听'), value: e.url },
        ],
      },
      {
        type: 'list',
        title: say(locale, 'Speakers', '发言人'),
        items: [...store.speakers.values()].map((s) => `${pick(locale, s.name)}: ${pick(locale, s.role)}`),
      },
      {
        type: 'text',
        text: say(
          locale,
          `Wattson knows ${store.facts.length} facts, every figure the episode states. Each keeps the speaker's verbatim Chinese words (from a machine transcript, slips included), and was checked against public sources; where those differ, the answer shows the public figure, its source and year.`,
          `Wattson 收录了 ${store.facts.length} 条事实，涵盖节目中的每个数字。每条都保留发言人的中文原话（来自机器转写，保留其错字），并与公开资料核对；如有出入，回答会给出公开数字、来源和年份。`,
        ),
      },
      {
        type: 'table',
        title: say(locale, 'How the figures held up', '核查结果'),
        columns: [say(locale, 'Verdict', '结论'), say(locale, 'Facts', '条数')],
        rows: counts.map(([v, n]) => [verdictLabel(v, locale), String(n)]),
      },
    ],
    actions: [
      { label: say(locale, 'Topics', '话题'), command: '/fact topics' },
      { label: say(locale, 'Commands', '命令'), command: '/help' },
    ],
    footer: episodeFooter(store, locale),
    data: {},
  };
}
