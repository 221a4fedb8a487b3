import { afterAll, describe, expect, it } from 'vitest';
import { stepSql } from '../../src/db/migrations.js';
import { openAt } from '../../src/db/open.js';
import type { Database } from '../../src/db/sql.js';
import { ENGINES, freshLocation, tmpDirs } from '../daily/helpers.js';

const dirs = tmpDirs();
const open: Database[] = [];
afterAll(async () => {
  await Promise.all(open.map((d) => d.close()));
  dirs.cleanup();
});

describe.each(ENGINES)('transactions (%s)', (engine) => {
  const db = async () => {
    const d = await openAt(await freshLocation(engine, dirs));
    open.push(d);
    await d.run(`CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)`);
    return d;
  };

  it('commit as a whole, or roll back as a whole when the function throws', async () => {
    const d = await db();
    await d.transaction(async (tx) => {
      await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]);
      await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['b', 2]);
    });
    await expect(
      d.transaction(async (tx) => {
        await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['c', 3]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(d.transaction((tx) => tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 9]))).rejects.toThrow(/UNIQUE|unique constraint/);
    expect(await d.all('SELECT k, v FROM t ORDER BY k')).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
    ]);
  });

  it('a statement from outside never lands inside a transaction in progress', async () => {
    const d = await db();
    await d.run('INSERT INTO t (k, v) VALUES (?, ?)', ['n', 0]);
    // Forty read-modify-write transactions racing with forty plain writes: no update is lost,
    // and no plain write is rolled back with a transaction that failed.
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      work.push(
        d
          .transaction(async (tx) => {
            const { v } = (await tx.get<{ v: number }>('SELECT v FROM t WHERE k = ?', ['n']))!;
            await new Promise((r) => setImmediate(r));
            await tx.run('UPDATE t SET v = ? WHERE k = ?', [v + 1, 'n']);
            if (i % 10 === 0) throw new Error('rolled back');
          })
          .catch(() => {}),
      );
      work.push(d.run('INSERT INTO t (k, v) VALUES (?, ?)', [`plain-${i}`, i]));
    }
    await Promise.all(work);
    // On Postgres, READ COMMITTED without a row lock may lose updates; SQLite's write lock
    // serialises the transactions, so every committed one counts there.
    const n = (await d.get<{ v: number }>('SELECT v FROM t WHERE k = ?', ['n']))!.v;
    if (engine === 'sqlite') expect(n).toBe(36);
    else expect(n).toBeLessThanOrEqual(36);
    expect((await d.get<{ c: number }>(`SELECT COUNT(*) AS c FROM t WHERE k LIKE 'plain-%'`))!.c).toBe(40);
  });
});

describe('migration steps', () => {
  it('written once as a function of the dialect, give each engine its own types', () => {
    expect(stepSql(5, 'sqlite')).toContain('expires_at  INTEGER NOT NULL');
    expect(stepSql(5, 'sqlite')).toContain(') STRICT;');
    expect(stepSql(5, 'postgres')).toContain('expires_at  BIGINT NOT NULL');
    expect(stepSql(5, 'postgres')).not.toContain('STRICT');
  });
});
