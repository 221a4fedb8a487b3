import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFeedbackStore } from '../../src/db/feedback.js';
import { openAt } from '../../src/db/open.js';
import type { Database } from '../../src/db/sql.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { createFeedbackService, hashUser } from '../../src/feedback/service.js';
import { silentLogger } from '../../src/log.js';
import { ENGINES, freshLocation, tmpDirs } from '../daily/helpers.js';
import { person, withFeedback } from '../helpers/conversation.js';
import { runNode } from '../helpers/run.js';

/**
 * Feedback: 👍 / 👎 on rated answers, /feedback in the console, misses recorded, all in the
 * database through migration 4 (SQLite and Postgres alike), with hashed user ids and bounded
 * retention; `npm run misses`.
 */

const dirs = tmpDirs('wattson-feedback-');
const opened: Database[] = [];
afterAll(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
  dirs.cleanup();
});

const base = createRuntime({ log: silentLogger() });
const MISSES = join(import.meta.dirname, '..', '..', 'dist', 'src', 'feedback', 'misses-cli.js');

/** Every text value in every feedback table, to show no raw user id was ever written. */
async function everything(db: Database): Promise<string> {
  return (await Promise.all(['votes', 'misses', 'feedback_meta'].map(async (t) => JSON.stringify(await db.all(`SELECT * FROM ${t}`))))).join('\n');
}

describe.each(ENGINES)('feedback on %s', (engine) => {
  const fresh = async () => {
    const db = await openAt(await freshLocation(engine, dirs));
    opened.push(db);
    return db;
  };
  const feedbackWorld = async (opts: Parameters<typeof withFeedback>[1] = {}) => {
    const w = await withFeedback(base, opts, await freshLocation(engine, dirs));
    opened.push(w.db);
    return w;
  };

  it('marks every rated answer with an id its buttons carry, and no error or question back', async () => {
    const { rt } = await feedbackWorld();
    const ann = person(rt, 'U-mark');
    const answer = await ann('/ask how much electricity does ChatGPT use a day?');
    expect(answer.reply.feedback?.answer).toMatch(/^[0-9a-f]{12}$/);
    expect((await ann('/convert 5 MW to kW')).reply.feedback).toBeDefined();
    expect((await ann('/compare ITER vs Helion')).reply.feedback).toBeDefined();
    expect((await ann('/convert 5 mw')).reply.feedback).toBeUndefined();
    expect((await ann('/help')).reply.feedback).toBeUndefined();
    expect((await person(rt, 'U-other')('who said that?')).reply.feedback).toBeUndefined();
  });

  it('records a vote on the last answer from the console, and a change of mind, without raw user ids', async () => {
    const { rt, db } = await feedbackWorld();
    const ann = person(rt, 'console-user', { platform: 'console', channel: 'console' });
    await ann('/ask how much electricity does ChatGPT use a day?');
    const bad = await ann('/feedback bad the figure is from early 2023', 'line');
    expect(bad.reply.data.vote).toBe('recorded');
    expect(bad.reply.private).toBe(true);
    expect((await ann('/feedback good', 'line')).reply.data.vote).toBe('recorded');
    const rows = await db.all<Record<string, string>>('SELECT vote, note, question, language, platform, facts, user_hash FROM votes');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ vote: 'good', note: 'the figure is from early 2023', question: 'how much electricity does ChatGPT use a day?', language: 'en', platform: 'console' });
    expect(JSON.parse(rows[0]!['facts']!)[0]).toBe('chatgpt-daily-energy');
    expect(rows[0]!['user_hash']).toMatch(/^[0-9a-f]{32}$/);
    expect(await everything(db)).not.toContain('console-user');
    // The last answer stays the subject: /feedback is not an answer.
    expect((await ann('who said that?')).reply.data.speaker?.id).toBe('xiang');
  });

  it('refuses a vote on an answer that is gone, on another person’s answer, or with nothing asked', async () => {
    const { rt } = await feedbackWorld({ answerTtlMs: 40 });
    const ann = person(rt, 'U-ann');
    const bob = person(rt, 'U-bob');
    expect((await bob('/feedback good', 'line')).reply.data.vote).toBe('nothing-to-rate');
    const answer = (await ann('/ask how much electricity does ChatGPT use a day?')).reply.feedback!.answer;
    const theirs = await bob(`/feedback bad answer=${answer}`, 'button');
    expect(theirs.reply.data.vote).toBe('not-yours');
    expect(theirs.reply.blocks[0]).toMatchObject({ text: expect.stringMatching(/Only the person who asked/) });
    await new Promise((r) => setTimeout(r, 80));
    const gone = await ann(`/feedback good answer=${answer}`, 'button');
    expect(gone.reply.data.vote).toBe('gone');
    expect(gone.reply.blocks[0]).toMatchObject({ text: expect.stringMatching(/too old to rate/) });
    expect((await ann('/feedback good answer=0123456789ab', 'button')).reply.data.vote).toBe('gone');
    expect((await ann('/feedback maybe', 'line')).reply.kind).toBe('error');
  });

  it('without a database (the CLI) says votes are not recorded', async () => {
    const o = await person(base, 'U-nodb')('/feedback good', 'line');
    expect(o.reply.data.vote).toBe('not-recorded');
  });

  it('records questions declined or answered with the closest facts, not ordinary answers', async () => {
    const { rt, store } = await feedbackWorld();
    const ann = person(rt, 'U-miss');
    await ann('how much water do data centres use?');
    await ann('How much water do data centres use');
    await person(rt, 'U-miss-2')('what is the price of bitcoin?');
    await ann('/ask how much electricity does ChatGPT use a day?');
    await ann('/convert 5 MW to kW');
    const misses = await store.topMisses(0, 10);
    expect(misses[0]).toMatchObject({ count: 2, people: 1, kind: 'declined', languages: 'en' });
    expect(misses.map((m) => m.question)).toHaveLength(2);
  });

  it('keeps rows for the retention period only', async () => {
    const db = await fresh();
    const store = await openFeedbackStore(db);
    let now = Date.parse('2025-01-01T00:00:00Z');
    const service = createFeedbackService({ store, clock: () => now, retentionDays: 30 });
    const who = { platform: 'slack', user: 'U1', space: 'T1' };
    const answered = { question: 'q', command: 'ask', locale: 'en' as const, facts: [] };
    return (async () => {
      await service.miss(who, 'declined', answered);
      now += 31 * 86_400_000;
      await service.miss(who, 'declined', answered);
      expect(Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM misses'))?.n)).toBe(1);
    })();
  });

  it('hashes user ids with the database’s own salt: the same person hashes alike, platforms and workspaces apart', async () => {
    const salt = (await openFeedbackStore(await fresh())).salt;
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    expect((await openFeedbackStore(await fresh())).salt).not.toBe(salt);
    const a = hashUser(salt, { platform: 'slack', user: 'U1', space: 'T1' });
    expect(hashUser(salt, { platform: 'slack', user: 'U1', space: 'T1' })).toBe(a);
    expect(hashUser(salt, { platform: 'slack', user: 'U1', space: 'T2' })).not.toBe(a);
    expect(hashUser(salt, { platform: 'discord', user: 'U1', space: 'T1' })).not.toBe(a);
  });

  it('npm run misses lists the most frequent misses and the down-voted answers', async () => {
    const location = engine === 'sqlite' ? join(mkdtempSync(join(tmpdir(), 'wattson-misses-')), 'w.db') : await freshLocation(engine, dirs);
    const where = engine === 'sqlite' ? { WATTSON_DB: location } : { DATABASE_URL: location };
    const db = await openAt(location);
    const service = createFeedbackService({ store: await openFeedbackStore(db) });
    const who = { platform: 'discord', user: '1234567890', space: 'G1' };
    return (async () => {
      for (const q of ['how much water do data centres use?', 'how much water do data centres use', 'what about bitcoin?'])
        await service.miss(who, 'declined', { question: q, command: 'ask', locale: 'en', facts: [] });
      const id = await service.shown(who, { question: 'how much power does ChatGPT use?', command: 'ask', locale: 'en', facts: ['chatgpt-daily-energy'] });
      await service.vote(who, id, 'bad', 'wanted the 2024 figure');
      await db.close();
      const plain = runNode(MISSES, [], { env: where });
      expect(plain.status).toBe(0);
      expect(plain.stdout).toMatch(/Most frequent misses/);
      expect(plain.stdout).toMatch(/^2\s+1\s+declined\s+en\s+\S+\s+how much water do data centres use/m);
      expect(plain.stdout).toMatch(/Down-voted answers[\s\S]*chatgpt-daily-energy\s+how much power does ChatGPT use\?\s+wanted the 2024 figure/);
      expect(plain.stdout).not.toContain('1234567890');
      const json = JSON.parse(runNode(MISSES, ['--json', '--limit', '1'], { env: where }).stdout);
      expect(json.misses).toHaveLength(1);
      expect(json.downVoted[0].notes).toEqual(['wanted the 2024 figure']);
      expect(runNode(MISSES, ['--days', 'x'], { env: where }).status).toBe(2);
      const none = runNode(MISSES, [], { env: { WATTSON_DB: join(tmpdir(), 'no-such-wattson.db') } });
      expect(none.stdout).toMatch(/nothing has been recorded/);
    })();
  });
});
