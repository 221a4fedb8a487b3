import { afterAll, describe, expect, it } from 'vitest';
import { databaseConversations } from '../../src/db/conversations.js';
import { openAt } from '../../src/db/open.js';
import { databaseServices } from '../../src/db/services.js';
import type { Database } from '../../src/db/sql.js';
import { createRuntime, withServices } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import { ENGINES, freshLocation, manualClock, tmpDirs } from '../daily/helpers.js';
import { person } from '../helpers/conversation.js';

/**
 * What replicas share beyond the daily posts: the conversation a follow-up leans on and the
 * answer a vote names. Two runtimes stand for two replicas on one database; on Postgres (the
 * replicas' store) these live in the database, bounded by a TTL and a row cap.
 */

const dirs = tmpDirs('wattson-conv-');
const opened: Database[] = [];
afterAll(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
  dirs.cleanup();
});

async function open(location: string): Promise<Database> {
  const db = await openAt(location);
  opened.push(db);
  return db;
}

async function replica(location: string) {
  const db = await open(location);
  return withServices(createRuntime({ log: silentLogger() }), await databaseServices(db));
}

describe('two replicas on one Postgres', () => {
  it('a follow-up answered by the other replica still knows what "that" was, and a vote reaches the answer', async () => {
    const location = await freshLocation('postgres', dirs);
    const [a, b] = [await replica(location), await replica(location)];
    const first = await person(a, 'U-ann')('/ask how much electricity does ChatGPT use a day?');
    expect(first.reply.data.facts?.[0] ?? first.reply.feedback).toBeDefined();
    const follow = await person(b, 'U-ann')('who said that?');
    expect(follow.reply.data.speaker?.id).toBe('xiang');
    // Someone else in the channel has a conversation of their own, on either replica.
    expect((await person(b, 'U-bob')('who said that?')).reply.data.speaker).toBeUndefined();
    const vote = await person(a, 'U-ann')(`/feedback good answer=${first.reply.feedback!.answer}`, 'button');
    expect(vote.reply.data.vote).toBe('recorded');
    const other = await person(b, 'U-ann')(`/feedback bad answer=${first.reply.feedback!.answer}`, 'button');
    expect(other.reply.data.vote).toBe('recorded');
    expect(await opened.at(-1)!.all('SELECT vote FROM votes')).toEqual([{ vote: 'bad' }]);
  });

  it('a private answer shown by one replica is posted by its owner through the other, once, and never by someone else', async () => {
    const location = await freshLocation('postgres', dirs);
    const [a, b] = [await replica(location), await replica(location)];
    const shown = await person(a, 'U-ann')('/convert 5 MW to kW --private');
    expect(shown.reply.private).toBe(true);
    const button = shown.reply.actions[0]!.command;
    expect(button).toMatch(/^\/share /);
    expect((await person(b, 'U-bob')(button, 'button')).reply.data.error?.code).toBe('share-not-yours');
    const posted = await person(b, 'U-ann')(button, 'button');
    expect(posted.reply.private).toBe(false);
    expect(posted.reply.sharedBy).toBe('U-ann');
    expect(JSON.stringify(posted.reply.blocks)).toContain('5,000 kW');
    expect((await person(a, 'U-ann')(button, 'button')).reply.data.error?.code).toBe('share-gone');
  });

  it('one process on SQLite keeps conversations in memory: nothing of them in the database', async () => {
    const services = await databaseServices(await open(await freshLocation('sqlite', dirs)));
    expect(services.conversations).toBeUndefined();
    expect(services.shares).toBeUndefined();
    expect(services.installations).toBeDefined();
  });
});

describe.each(ENGINES)('conversations in the database on %s', (engine) => {
  const turn = (n: number) => ({ at: n, locale: 'en' as const, command: 'ask', subjects: [`f${n}`], shown: [], figures: [], notes: [] });

  it('are forgotten after the TTL without a message', async () => {
    const clock = manualClock('2025-03-01T00:00:00Z');
    const store = databaseConversations(await open(await freshLocation(engine, dirs)), { ttlMs: 60_000, clock });
    await store.set('slack\u0000T1\u0000C1\u0000user\u0000U1', turn(1));
    expect((await store.get('slack\u0000T1\u0000C1\u0000user\u0000U1'))?.subjects).toEqual(['f1']);
    clock.advance(59_000);
    expect(await store.get('slack\u0000T1\u0000C1\u0000user\u0000U1')).toBeDefined();
    clock.advance(1_000);
    expect(await store.get('slack\u0000T1\u0000C1\u0000user\u0000U1')).toBeUndefined();
  });

  it('hold a bounded number of rows however many people write, the least recent going first', async () => {
    const clock = manualClock('2025-03-01T00:00:00Z');
    const db = await open(await freshLocation(engine, dirs));
    const store = databaseConversations(db, { max: 50, clock });
    for (let i = 0; i < 1_000; i++) {
      clock.advance(1);
      await store.set(`console\u0000dm\u0000person-${i}`, turn(i));
    }
    const rows = Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM kv WHERE namespace = 'conversation'`))?.n);
    // kv sweeps every 100 writes: at most max + 100 rows between sweeps.
    expect(rows).toBeLessThanOrEqual(150);
    expect((await store.get('console\u0000dm\u0000person-999'))?.subjects).toEqual(['f999']);
    expect(await store.get('console\u0000dm\u0000person-0')).toBeUndefined();
    // No user id in the clear.
    expect(JSON.stringify(await db.all(`SELECT key FROM kv`))).not.toContain('person-');
  });
});
