import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Daily } from '../../src/daily/index.js';
import type { Caller } from '../../src/dispatch/command.js';
import type { Runtime } from '../../src/dispatch/execute.js';
import { executeLine } from '../../src/dispatch/router.js';
import type { Locale } from '../../src/locale.js';
import { renderPlain } from '../../src/replies/plain.js';
import { FakePlatform } from './fake-platform.js';
import { baseRuntime, dailyWorld, ENGINES, freshLocation, manualClock, tmpDirs } from './helpers.js';

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());
const admin: Caller = { platform: 'discord', channel: { id: 'chan-1', space: 'guild-1' }, user: { id: 'u-admin' }, canManage: true };

describe.each(ENGINES)('/daily on %s', (engine) => {
  const clock = manualClock('2025-03-10T08:00:00Z');
  let daily: Daily;
  let rt: Runtime;
  const fake = new FakePlatform();
  beforeAll(async () => {
    ({ daily, rt } = await dailyWorld(await freshLocation(engine, dirs), clock));
    daily.addPlatform('discord', fake.deliver);
  });
  afterAll(() => daily.stop());

  /** The same runtime, invoked by someone else or somewhere else. */
  const as = (caller: Caller) => caller;
  const run = async (line: string, locale: Locale = 'en', who: Caller = admin) => {
    const { reply } = await executeLine(line, locale, rt, who);
    return { reply, text: renderPlain(reply, locale) };
  };

  describe('/daily subscribe', () => {
    it('with no time or zone: 09:00 UTC, said out loud', async () => {
      const { reply, text } = await run('/daily subscribe');
      expect(reply.kind).toBe('notice');
      expect(text).toContain('every day at 09:00 UTC');
      expect(text).toContain('09:00 UTC is the default');
      expect(text).toMatch(/Next post: Mon, Mar 10, 2025, 09:00 UTC/);
      expect(await daily.store.subscription('discord', 'chan-1')).toMatchObject({ time: '09:00', timezone: 'UTC', spaceId: 'guild-1', createdBy: 'u-admin', locale: 'en' });
    });

    it('accepts 9am and an IANA zone, and shows the next post in local time and UTC', async () => {
      const { text } = await run('/daily subscribe 9am America/New_York');
      expect(text).toContain('Daily fact: updated');
      expect(text).toContain('every day at 09:00 America/New_York');
      expect(text).toContain('Next post: Mon, Mar 10, 2025, 09:00 EDT (13:00 UTC)');
    });

    it('accepts "9:30 pm Asia/Shanghai", a zone alone, and a city', async () => {
      expect((await run('/daily subscribe 9:30 pm Asia/Shanghai')).text).toContain('21:30 Asia/Shanghai');
      expect((await run('/daily subscribe 21:30')).text).toContain('Time zone: Asia/Shanghai (unchanged)');
      expect((await run('/daily subscribe new york')).text).toContain('21:30 America/New_York');
      expect((await run('/daily subscribe 07:15 utc')).text).toContain('07:15 UTC');
    });

    it('refuses a misspelt zone with suggestions that are ready to run', async () => {
      const { reply, text } = await run('/daily subscribe 9am Asia/Shangai');
      expect(reply.kind).toBe('error');
      expect(reply.data.error?.code).toBe('invalid-timezone');
      expect(text).toContain('Did you mean Asia/Shanghai');
      expect(text).toContain('Try: /daily subscribe 09:00 Asia/Shanghai');
      expect((await daily.store.subscription('discord', 'chan-1'))?.timezone).toBe('UTC');
    });

    it('refuses a time that is not one, with the accepted forms', async () => {
      const { reply, text } = await run('/daily subscribe 25:00 UTC');
      expect(reply.data.error?.code).toBe('invalid-time');
      expect(text).toContain('09:00, 9am or 21:30');
      expect((await run('/daily subscribe 9am UTC', 'zh')).text).toContain('每天 09:00 UTC');
    });

    it('only people who can manage the channel may subscribe or unsubscribe; anyone may see the status', async () => {
      const member = as({ ...admin, user: { id: 'u-member' }, canManage: false });
      const nobody = as({ platform: 'discord', channel: { id: 'chan-1' }, user: { id: 'u-x' } });
      for (const who of [member, nobody]) {
        expect((await run('/daily subscribe 10:00 UTC', 'en', who)).reply.data.error?.code).toBe('not-allowed');
        expect((await run('/daily unsubscribe', 'en', who)).reply.data.error?.code).toBe('not-allowed');
        expect((await run('/daily status', 'en', who)).reply.kind).toBe('notice');
      }
      expect((await run('/daily subscribe 10:00 UTC', 'en', member)).text).toContain('Manage Channel');
      expect((await daily.store.subscription('discord', 'chan-1'))?.time).not.toBe('10:00');
    });
  });

  describe('/daily status, preview, unsubscribe', () => {
    it('status: next post local and UTC, last post, facts left, last delivery error', async () => {
      await run('/daily subscribe 9am America/New_York');
      clock.set('2025-03-10T13:00:05Z');
      await daily.scheduler.tick();
      const { text } = await run('/daily status');
      expect(text).toContain('Posts: every day at 09:00 America/New_York');
      expect(text).toContain('Next post: Tue, Mar 11, 2025, 09:00 EDT (13:00 UTC)');
      expect(text).toMatch(/Last post: Mon, Mar 10, 2025, 09:00 EDT · Fact 1 of 195 \(\/fact [a-z0-9.-]+\)/);
      expect(text).toContain('Facts left before the deck repeats: 194 / 195');
      expect(text).not.toContain('Last delivery error');

      fake.always.set('chan-1', { status: 403, kind: 'permission' });
      clock.set('2025-03-11T13:00:05Z');
      await daily.scheduler.tick();
      const paused = (await run('/daily status')).text;
      expect(paused).toContain('Paused: Wattson is not allowed to post here');
      expect(paused).toContain('run /daily subscribe again to resume');
      expect(paused).toContain('Last delivery error: permission');
      expect(paused).not.toContain('Next post');
      expect((await run('/daily status', 'zh')).text).toContain('已暂停');
      fake.always.delete('chan-1');
      expect((await run('/daily subscribe')).text).toContain('Daily fact: resumed');
      expect((await run('/daily status')).text).not.toContain('Paused');
    });

    it('preview shows the next post, privately, without posting or dealing it', async () => {
      const before = fake.messages.length;
      const a = await run('/daily preview');
      const b = await run('/daily preview');
      expect(a.reply.private).toBe(true);
      expect(a.reply.title).toMatch(/^Fact 2 of 195: /);
      expect(a.text).toContain('not posted');
      expect(b.reply.data.facts).toEqual(a.reply.data.facts);
      expect(fake.messages.length).toBe(before);
      expect((await run('/daily status')).text).toContain('194 / 195');
    });

    it('unsubscribe stops the posts; subscribing again carries on through the same deck', async () => {
      expect((await run('/daily unsubscribe')).text).toContain('Daily fact: stopped');
      expect((await run('/daily unsubscribe')).text).toContain('no daily fact to stop');
      expect((await run('/daily status')).text).toContain('not subscribed');
      clock.set('2025-03-12T13:00:05Z');
      expect(await daily.scheduler.tick()).toEqual([]);
      clock.set('2025-03-12T14:00:00Z');
      expect((await run('/daily subscribe 10:30 America/New_York')).text).toContain('Daily fact: subscribed');
      clock.set('2025-03-12T14:30:05Z');
      await daily.scheduler.tick();
      expect(fake.messagesIn('chan-1').at(-1)?.text).toMatch(/^Fact 2 of 195/);
    });

    it('channels are independent', async () => {
      const other = as({ ...admin, channel: { id: 'chan-2' } });
      expect((await run('/daily status', 'en', other)).text).toContain('not subscribed');
      await run('/daily subscribe 06:00 Asia/Shanghai', 'zh', other);
      expect(await daily.store.subscription('discord', 'chan-2')).toMatchObject({ timezone: 'Asia/Shanghai', locale: 'zh' });
      expect((await daily.store.subscription('discord', 'chan-1'))?.timezone).toBe('America/New_York');
    });
  });

  describe('a workspace paused as a whole (Slack: app_uninstalled, tokens_revoked)', () => {
    it('says why in status, and /daily subscribe resumes it with its deck', async () => {
      await run('/daily subscribe');
      const before = (await run('/daily status')).text;
      expect(await daily.service.pauseSpace('discord', 'guild-1', 'uninstalled')).toBeGreaterThan(0);
      const paused = (await run('/daily status')).text;
      expect(paused).toContain('Paused: Wattson was uninstalled from this workspace');
      expect(paused).toContain('run /daily subscribe again to resume');
      expect((await run('/daily subscribe')).text).toContain('Daily fact: resumed');
      const left = /Facts left before the deck repeats: \d+/.exec(before)?.[0];
      expect((await run('/daily status')).text).toContain(left);
    });
  });

  describe('without a channel or a service (the CLI, the static registry)', () => {
    const bare = baseRuntime;
    it('explains where daily posts work instead of failing, in both languages', async () => {
      for (const locale of ['en', 'zh'] as const) {
        for (const line of ['/daily subscribe 9am America/New_York', '/daily status', '/daily unsubscribe']) {
          const { reply } = await executeLine(line, locale, bare);
          expect(reply.kind, line).toBe('notice');
        }
      }
      expect(renderPlain((await executeLine('/daily status', 'en', bare)).reply, 'en')).toContain('console chat (npm start)');
    });

    it("still validates what was typed, and previews a fresh deck's first post", async () => {
      expect((await executeLine('/daily subscribe 9am Mars/Base', 'en', bare)).reply.data.error?.code).toBe('invalid-timezone');
      const p = (await executeLine('/daily preview', 'en', bare)).reply;
      expect(p.title).toMatch(/^Fact 1 of 195: /);
    });

    it('every example answers without error', async () => {
      const cmd = bare.commands.find((c) => c.name === 'daily')!;
      for (const ex of cmd.examples) {
        for (const locale of ['en', 'zh'] as const) expect((await executeLine(ex.line, locale, bare)).reply.kind, ex.line).not.toBe('error');
      }
    });
  });

  describe('one static registry', () => {
    it('serves /daily from the registry as it is, with the daily service reached through the context', async () => {
      expect(rt.commands).toBe(commands);
      expect((await executeLine('/daily status', 'en', rt, admin)).reply.title).not.toBe('Daily facts live in a channel');
      expect((await executeLine('/daily status', 'en', baseRuntime, admin)).reply.title).toBe('Daily facts live in a channel');
    });
  });
});
