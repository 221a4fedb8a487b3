import * as z from 'zod';
import { nextCard } from '../src/daily/deck.js';
import { formatBoth, formatLocal } from '../src/daily/format.js';
import { dailyPost } from '../src/daily/post-reply.js';
import type { DailyService, DailyStatus, Place } from '../src/daily/service.js';
import { DEFAULT_TIME, DEFAULT_TIMEZONE } from '../src/daily/service.js';
import { parseTime, parseTimezone } from '../src/daily/timespec.js';
import { type CommandContext, defineCommand, defineSubcommand } from '../src/dispatch/command.js';
import { about } from '../src/dispatch/options.js';
import { type Locale, say } from '../src/locale.js';
import { errorReply } from '../src/replies/build.js';
import type { Block, Reply } from '../src/replies/model.js';

/**
 * /daily: a fact of the day in this channel. Who asked and where come from the context's
 * caller, the subscriptions from its daily service; without either (the CLI, a DM) the
 * command explains where daily posts work instead of failing.
 */

type Ctx = CommandContext;

const EXAMPLE = '/daily subscribe 9am America/New_York';

const PAUSED: Record<string, [string, string]> = {
  permission: ['Wattson is not allowed to post here (check its permissions in this channel)', 'Wattson 没有在此频道发言的权限（请检查频道权限）'],
  'missing-channel': ['the channel no longer exists', '频道已不存在'],
  archived: ['the channel is archived', '频道已归档'],
  removed: ['Wattson was removed from this server or workspace', 'Wattson 已被移出此服务器或工作区'],
  uninstalled: ['Wattson was uninstalled from this workspace (add it to Slack again first)', 'Wattson 已从此工作区卸载（请先重新安装）'],
  'tokens-revoked': ["this workspace revoked Wattson's tokens (add it to Slack again first)", '此工作区已撤销 Wattson 的授权（请先重新安装）'],
};

function pausedText(reason: string, locale: Locale): string {
  const [en, zh] = PAUSED[reason] ?? [reason, reason];
  return say(locale, en, zh);
}

function notice(title: string, blocks: Block[], actions: Reply['actions'] = [], priv = false): Reply {
  return { kind: 'notice', title, blocks, actions, ...(priv && { private: true }), data: {} };
}

function noChannel(locale: Locale): Reply {
  return notice(
    say(locale, 'Daily facts live in a channel', '每日事实需要在频道中使用'),
    [
      {
        type: 'text',
        text: say(
          locale,
          'A daily fact is posted to a channel: use /daily in a server channel on Discord, a channel on Slack, or the console chat (npm start). /fact gives a fact any time, anywhere.',
          '每日事实发布在频道里：请在 Discord 服务器频道、Slack 频道或控制台聊天（npm start）中使用 /daily。随时随地可用 /fact 查看事实。',
        ),
      },
    ],
    [],
    true,
  );
}

/** "9:30 pm Asia/Shanghai" arrives split as time "9:30" and timezone "pm Asia/Shanghai". */
interface Schedule {
  time?: string;
  timezone?: string;
  bad?: 'time' | 'timezone';
  raw?: string;
  suggestions?: string[];
}

function readSchedule(args: { time?: string | undefined; timezone?: string | undefined }): Schedule {
  let timeText = args.time;
  let zoneText = args.timezone?.trim();
  const ampm = zoneText && /^(am|pm|a\.m\.|p\.m\.)(?:\s+(.*))?$/i.exec(zoneText);
  if (timeText && ampm) {
    timeText = `${timeText}${ampm[1]!.replace(/\./g, '')}`;
    zoneText = ampm[2]?.trim() || undefined;
  }
  // Only a zone given: "/daily subscribe Asia/Shanghai", "/daily subscribe new york".
  if (timeText && parseTime(timeText) === undefined) {
    const whole = [timeText, zoneText].filter(Boolean).join(' ');
    if (parseTimezone(whole).ok) {
      zoneText = whole;
      timeText = undefined;
    }
  }
  const out: Schedule = {};
  if (timeText !== undefined) {
    const t = parseTime(timeText);
    if (!t) return { bad: 'time', raw: timeText };
    out.time = t;
  }
  if (zoneText !== undefined) {
    const z = parseTimezone(zoneText);
    if (!z.ok) return { bad: 'timezone', raw: zoneText, suggestions: z.suggestions, ...(out.time && { time: out.time }) };
    out.timezone = z.value;
  }
  return out;
}

function scheduleError(s: Schedule, locale: Locale): Reply {
  const raw = (s.raw ?? '').slice(0, 40);
  if (s.bad === 'time') {
    return errorReply(locale, 'invalid-time', { en: `"${raw}" is not a time of day. Write it as 09:00, 9am or 21:30.`, zh: `“${raw}”不是有效的时间。请写成 09:00、9am 或 21:30。` }, EXAMPLE);
  }
  const sug = s.suggestions ?? [];
  const hint = sug.length ? say(locale, ` Did you mean ${sug.join(', ')}?`, ` 你是不是想用 ${sug.join('、')}？`) : '';
  const time = s.time ?? DEFAULT_TIME;
  return errorReply(
    locale,
    'invalid-timezone',
    {
      en: `"${raw}" is not a time zone I know.${hint} Use an IANA name such as Asia/Shanghai or America/New_York, or UTC.`,
      zh: `不认识时区“${raw}”。${hint}请使用 IANA 时区名，例如 Asia/Shanghai、America/New_York，或 UTC。`,
    },
    sug[0] ? `/daily subscribe ${time} ${sug[0]}` : EXAMPLE,
    sug.map((z) => ({ label: z, command: `/daily subscribe ${time} ${z}` })),
  );
}

function notAllowed(locale: Locale, what: 'subscribe' | 'unsubscribe'): Reply {
  return errorReply(
    locale,
    'not-allowed',
    {
      en: `Only people who can manage this channel can ${what} it (Discord: Manage Channel; Slack: workspace admins and owners). Anyone can see /daily status.`,
      zh: `只有能管理此频道的人才能${what === 'subscribe' ? '订阅' : '取消订阅'}（Discord：管理频道权限；Slack：工作区管理员和所有者）。任何人都可以查看 /daily status。`,
    },
    '/daily status',
  );
}

async function subscribe(s: Schedule, ctx: Ctx, service: DailyService, place: Place): Promise<Reply> {
  const { locale, caller } = ctx;
  if (!caller.canManage) return notAllowed(locale, 'subscribe');
  const before = await service.status(place);
  const done = await service.subscribe({ ...place, spaceId: caller.channel?.space, userId: caller.user?.id ?? 'unknown', time: s.time, timezone: s.timezone, locale });
  const { sub } = done;
  const when = `${sub.time} ${sub.timezone}`;
  const resumed = before?.sub.active && before.sub.pausedReason;
  const title =
    done.created || !before?.sub.active
      ? say(locale, 'Daily fact: subscribed', '每日事实：已订阅')
      : resumed
        ? say(locale, 'Daily fact: resumed', '每日事实：已恢复')
        : say(locale, 'Daily fact: updated', '每日事实：已更新');
  const blocks: Block[] = [{ type: 'text', text: say(locale, `A fact from the episode will be posted in this channel every day at ${when}.`, `每天 ${when}，将在此频道发布一条节目中的事实。`) }];
  const defaults = sub.time === DEFAULT_TIME && sub.timezone === DEFAULT_TIMEZONE && done.defaulted.time && done.defaulted.timezone;
  if (defaults) {
    blocks.push({ type: 'text', text: say(locale, `09:00 UTC is the default. To choose your own time and zone: ${EXAMPLE}`, `默认时间是 UTC 09:00。如需自选时间和时区：${EXAMPLE}`) });
  } else if (done.defaulted.timezone) {
    blocks.push({
      type: 'text',
      text: say(
        locale,
        `Time zone: ${sub.timezone}${before ? ' (unchanged)' : ' (the default)'}. Add one to change it, e.g. /daily subscribe ${sub.time} Asia/Shanghai`,
        `时区：${sub.timezone}${before ? '（未更改）' : '（默认）'}。如需更改，例如 /daily subscribe ${sub.time} Asia/Shanghai`,
      ),
    });
  }
  blocks.push({
    type: 'fields',
    fields: [
      { name: say(locale, 'Next post', '下一次发布'), value: formatBoth(done.nextAt, sub.timezone, locale) },
      { name: say(locale, 'The deck', '牌组'), value: say(locale, `${ctx.store.facts.length} facts, each once before any repeats`, `${ctx.store.facts.length} 条事实，全部发完才会重复`) },
    ],
  });
  return notice(title, blocks, [
    { label: say(locale, 'Preview the next post', '预览下一条'), command: '/daily preview' },
    { label: say(locale, 'Status', '状态'), command: '/daily status' },
  ]);
}

async function unsubscribe(ctx: Ctx, service: DailyService, place: Place): Promise<Reply> {
  const { locale } = ctx;
  if (!ctx.caller.canManage) return notAllowed(locale, 'unsubscribe');
  if (!(await service.unsubscribe(place))) {
    return notice(
      say(locale, 'Not subscribed', '未订阅'),
      [{ type: 'text', text: say(locale, `This channel has no daily fact to stop. To start one: ${EXAMPLE}`, `此频道没有订阅每日事实。如需订阅：${EXAMPLE}`) }],
      [],
      true,
    );
  }
  return notice(say(locale, 'Daily fact: stopped', '每日事实：已停止'), [
    {
      type: 'text',
      text: say(
        locale,
        'No more daily facts in this channel. /daily subscribe starts them again, carrying on through the same deck.',
        '此频道不再发布每日事实。使用 /daily subscribe 可重新开始，并从原来的牌组继续。',
      ),
    },
  ]);
}

function statusReply(st: DailyStatus | undefined, ctx: Ctx): Reply {
  const { locale } = ctx;
  if (!st?.sub.active) {
    return notice(
      say(locale, 'No daily fact here', '此频道未订阅每日事实'),
      [{ type: 'text', text: say(locale, `This channel is not subscribed. To post a fact every day: ${EXAMPLE}`, `此频道未订阅。如需每天发布一条事实：${EXAMPLE}`) }],
      [{ label: say(locale, 'Preview', '预览'), command: '/daily preview' }],
    );
  }
  const { sub } = st;
  const fields: { name: string; value: string }[] = [];
  if (sub.pausedReason) {
    fields.push({
      name: say(locale, 'Paused', '已暂停'),
      value: say(
        locale,
        `${pausedText(sub.pausedReason, locale)}. Fix that, then run /daily subscribe again to resume.`,
        `${pausedText(sub.pausedReason, locale)}。解决后再次运行 /daily subscribe 即可恢复。`,
      ),
    });
  }
  fields.push({ name: say(locale, 'Posts', '发布时间'), value: say(locale, `every day at ${sub.time} ${sub.timezone}`, `每天 ${sub.time}（${sub.timezone}）`) });
  if (st.nextAt !== undefined) fields.push({ name: say(locale, 'Next post', '下一次发布'), value: formatBoth(st.nextAt, sub.timezone, locale) });
  const last = st.lastPost;
  fields.push({
    name: say(locale, 'Last post', '上一次发布'),
    value: last
      ? `${formatLocal(last.sentAt ?? last.claimedAt, sub.timezone, locale)} · ${say(locale, `Fact ${last.deckNumber} of ${last.deckTotal}`, `第 ${last.deckNumber} 条（共 ${last.deckTotal} 条）`)} (/fact ${last.factId})`
      : say(locale, 'none yet', '尚无'),
  });
  fields.push({ name: say(locale, 'Facts left before the deck repeats', '牌组重复前剩余事实'), value: `${st.factsLeft} / ${st.deckSize}` });
  if (sub.lastError) {
    fields.push({ name: say(locale, 'Last delivery error', '最近一次发送错误'), value: `${sub.lastError}${sub.lastErrorAt ? ` (${formatLocal(sub.lastErrorAt, sub.timezone, locale)})` : ''}` });
  }
  return notice(say(locale, 'Daily fact: status', '每日事实：状态'), [{ type: 'fields', fields }], [{ label: say(locale, 'Preview the next post', '预览下一条'), command: '/daily preview' }]);
}

async function preview(ctx: Ctx, service: DailyService | undefined, place: Place | undefined): Promise<Reply> {
  const { locale } = ctx;
  const card = service
    ? await service.preview(place)
    : nextCard(
        ctx.store.facts.map((f) => f.id),
        { seed: 0, cycle: 0, dealt: new Set() },
      );
  const post = dailyPost(card, ctx);
  const note = place
    ? say(locale, 'Preview: the next daily post in this channel (not posted).', '预览：此频道的下一条每日事实（尚未发布）。')
    : say(locale, 'Preview: what a daily post looks like (not posted).', '预览：每日事实的样子（尚未发布）。');
  return { ...post, blocks: [{ type: 'text', text: note }, ...post.blocks], private: true };
}

/** Where this invocation's subscription lives: a channel on a platform, with a daily service to keep it. */
function placeOf(ctx: Ctx): { service: DailyService; place: Place } | undefined {
  const { daily } = ctx.services;
  const { platform, channel } = ctx.caller;
  return daily && platform && channel ? { service: daily, place: { platform, channelId: channel.id } } : undefined;
}

const scheduleOptions = z.object({
  time: z.string().max(20).optional().meta(about('Time of day: 09:00, 9am, 21:30 (default 09:00)', '每天的时间：09:00、9am、21:30（默认 09:00）')),
  timezone: z
    .string()
    .max(64)
    .optional()
    .meta(about('IANA time zone: Asia/Shanghai, America/New_York (default UTC)', 'IANA 时区：Asia/Shanghai、America/New_York（默认 UTC）', { rest: true })),
});

const none = z.object({});

export const daily = defineCommand({
  name: 'daily',
  remembered: false,
  description: { en: 'A fact from the episode every day in this channel: subscribe, status, preview', zh: '每天在此频道发布一条节目中的事实：订阅、状态、预览' },
  options: none,
  subcommands: [
    defineSubcommand({
      name: 'subscribe',
      description: { en: 'Post a fact here every day (default 09:00 UTC); also resumes a paused one', zh: '每天在此发布一条事实（默认 UTC 09:00）；也可恢复已暂停的订阅' },
      options: scheduleOptions,
      run(args, ctx) {
        const s = readSchedule(args);
        if (s.bad) return scheduleError(s, ctx.locale);
        const where = placeOf(ctx);
        return where ? subscribe(s, ctx, where.service, where.place) : noChannel(ctx.locale);
      },
    }),
    defineSubcommand({
      name: 'unsubscribe',
      description: { en: 'Stop the daily fact in this channel', zh: '停止此频道的每日事实' },
      options: none,
      run(_args, ctx) {
        const where = placeOf(ctx);
        return where ? unsubscribe(ctx, where.service, where.place) : noChannel(ctx.locale);
      },
    }),
    defineSubcommand({
      name: 'status',
      description: { en: 'Next post, last post, facts left, last delivery error', zh: '下一次发布、上一次发布、剩余事实、最近的发送错误' },
      options: none,
      async run(_args, ctx) {
        const where = placeOf(ctx);
        return where ? statusReply(await where.service.status(where.place), ctx) : noChannel(ctx.locale);
      },
    }),
    defineSubcommand({
      name: 'preview',
      description: { en: 'Show the next daily post here without posting it', zh: '显示此频道的下一条每日事实（不发布）' },
      options: none,
      run(_args, ctx) {
        const where = placeOf(ctx);
        return preview(ctx, where?.service, where?.place);
      },
    }),
  ],
  examples: [
    { line: EXAMPLE, description: { en: 'Every day at 9 in the morning, New York time', zh: '每天纽约时间上午 9 点' } },
    { line: '/daily subscribe 21:30 Asia/Shanghai', description: { en: 'Every day at 21:30, Beijing time', zh: '每天北京时间 21:30' } },
    { line: '/daily status', description: { en: 'When the next fact comes, and how many are left', zh: '下一条何时发布、还剩多少条' } },
    { line: '/daily preview', description: { en: 'The next fact, shown only to you', zh: '下一条事实，仅你可见' } },
    { line: '/daily unsubscribe', description: { en: 'Stop the daily fact here', zh: '停止此频道的每日事实' } },
  ],
});
