import * as z from 'zod';
import { defineCommand } from '../src/dispatch/command.js';
import { about } from '../src/dispatch/options.js';
import { say } from '../src/locale.js';
import type { Reply } from '../src/replies/model.js';
import { truncate } from '../src/text/clean.js';

/**
 * /feedback good|bad [note]: rates an answer. The 👍 / 👎 buttons under every answer on Discord
 * and Slack run this with the answer's id; in the console it rates the last answer. Votes are
 * recorded with a hashed user id (see src/feedback), and `npm run misses` lists the down-voted.
 */

type Status = NonNullable<Reply['data']['vote']>;

/** Every /feedback reply is for the voter alone. */
function note(text: string, status: Status, title: string): Reply {
  return { kind: 'notice', title, blocks: [{ type: 'text', text }], actions: [], private: true, data: { facts: [], vote: status } };
}

export const feedback = defineCommand({
  name: 'feedback',
  description: { en: 'Rate an answer: good or bad, with an optional note', zh: '给回答评分：good（好）或 bad（不好），可附说明' },
  remembered: false,
  options: z.object({
    vote: z.enum(['good', 'bad']).meta(about('good or bad', 'good（好）或 bad（不好）', { choiceNames: { good: '👍 good', bad: '👎 bad' } })),
    note: z
      .string()
      .max(300)
      .optional()
      .meta(about('What was right or wrong (optional)', '哪里好、哪里不好（可选）', { rest: true })),
    answer: z
      .string()
      .regex(/^[0-9a-f]{12}$/)
      .optional()
      .meta(about('Which answer (the buttons fill this in; else your last one)', '哪条回答（按钮会自动填写；否则是你上一条）')),
  }),
  examples: [
    { line: '/feedback good', description: { en: 'The last answer helped', zh: '上一条回答有帮助' } },
    { line: '/feedback bad the figure is from 2023, not 2024', description: { en: 'Say what was wrong', zh: '说明哪里不对' } },
  ],
  async run({ vote, note: text, answer }, ctx) {
    const { locale, caller } = ctx;
    const service = ctx.services.feedback;
    const title = say(locale, 'Feedback', '反馈');
    if (!service || !caller.user || !caller.platform) {
      return note(
        say(locale, 'This Wattson does not record feedback (the CLI keeps no database). Thanks all the same.', '这个 Wattson 不记录反馈（命令行没有数据库）。仍然感谢你。'),
        'not-recorded',
        title,
      );
    }
    if (!answer) {
      return note(
        say(
          locale,
          'There is no answer of yours to rate yet: ask something first, then /feedback good or /feedback bad.',
          '还没有你的回答可以评分：先提个问题，再用 /feedback good 或 /feedback bad。',
        ),
        'nothing-to-rate',
        title,
      );
    }
    const who = { platform: caller.platform, user: caller.user.id, space: caller.channel?.space };
    const result = await service.vote(who, answer, vote, text);
    switch (result.status) {
      case 'gone':
        return note(
          say(
            locale,
            'That answer is too old to rate: answers can be rated for a day after they are given, and not across a restart. Ask again and rate the new answer.',
            '这条回答太久了，无法评分：回答只能在一天内评分，重启后也无法评分。请重新提问，再给新回答评分。',
          ),
          'gone',
          title,
        );
      case 'not-yours':
        return note(
          say(locale, 'Only the person who asked can rate this answer. Ask your own question, and rate that one.', '只有提问的人才能给这条回答评分。你可以自己提问，再给那条回答评分。'),
          'not-yours',
          title,
        );
      case 'recorded': {
        const thumb = vote === 'good' ? '👍' : '👎';
        const q = truncate(result.question, 80);
        return note(
          say(
            locale,
            `${thumb} ${result.replaced ? 'Changed your vote' : 'Thanks, recorded'} on "${q}".${vote === 'bad' && !text ? ' Say what was wrong with /feedback bad <note>.' : ''}`,
            `${thumb} ${result.replaced ? '已更改你的评分' : '谢谢，已记录'}：“${q}”。${vote === 'bad' && !text ? '可以用 /feedback bad <说明> 告诉我哪里不对。' : ''}`,
          ),
          'recorded',
          title,
        );
      }
    }
  },
});
