import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support.js';
import { SqliteSql } from './sqlite.js';
import { UniqueViolation } from './sql.js';

/** A promise with its resolve handle, to hold a transaction open across an await. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the SQLite driver', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let sql: SqliteSql;

  beforeEach(async () => {
    dir = tempDir('sqlite-driver');
    file = join(dir.path, 'test.sqlite');
    sql = new SqliteSql(file);
    await sql.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT');
  });

  afterEach(async () => {
    await sql.close();
    dir.remove();
  });

  const names = () => sql.column<string>('SELECT name FROM t ORDER BY id');

  it('reads rows, first values and columns with positional parameters', async () => {
    expect(await sql.run('INSERT INTO t (id, name) VALUES (?, ?), (?, ?)', [1, 'a', 2, 'b'])).toEqual({ changes: 2 });
    expect(await sql.get('SELECT * FROM t WHERE id = ?', [2])).toEqual({ id: 2, name: 'b' });
    expect(await sql.get('SELECT * FROM t WHERE id = ?', [3])).toBeUndefined();
    expect(await sql.all('SELECT name FROM t ORDER BY id')).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(await sql.value('SELECT count(*) FROM t')).toBe(2);
    expect(await sql.value('SELECT name FROM t WHERE id = 9')).toBeUndefined();
    expect(await names()).toEqual(['a', 'b']);
  });

  it('nests transactions as savepoints: an inner failure undoes only the inner writes', async () => {
    await sql.transaction(async () => {
      await sql.run("INSERT INTO t (name) VALUES ('outer')");
      await expect(
        sql.transaction(async () => {
          await sql.run("INSERT INTO t (name) VALUES ('inner')");
          await tick();
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      await sql.transaction(async () => {
        await sql.run("INSERT INTO t (name) VALUES ('inner kept')");
      });
    });
    expect(await names()).toEqual(['outer', 'inner kept']);

    await expect(
      sql.transaction(async () => {
        await sql.run("INSERT INTO t (name) VALUES ('lost')");
        await sql.transaction(() => sql.run("INSERT INTO t (name) VALUES ('lost too')"));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await names()).toEqual(['outer', 'inner kept']);
  });

  it('never interleaves two transactions that await inside, nor shows one the other’s uncommitted rows', async () => {
    const events: string[] = [];
    const run = (label: string) =>
      sql.transaction(async () => {
        events.push(`${label} begins, sees ${(await names()).join(',') || 'nothing'}`);
        await sql.run('INSERT INTO t (name) VALUES (?)', [label]);
        await tick(20);
        events.push(`${label} commits`);
      });
    await Promise.all([run('first'), run('second')]);
    expect(events).toEqual([
      'first begins, sees nothing',
      'first commits',
      'second begins, sees first',
      'second commits',
    ]);
  });

  it('gives a plain read during another transaction only committed data', async () => {
    await sql.run("INSERT INTO t (name) VALUES ('committed')");
    const held = gate();
    const inTransaction = gate();
    const failing = sql.transaction(async () => {
      await sql.run("INSERT INTO t (name) VALUES ('uncommitted')");
      inTransaction.open();
      await held.promise;
      throw new Error('rolled back');
    });
    await inTransaction.promise;
    const read = names();
    const write = sql.run("INSERT INTO t (name) VALUES ('outside')");
    await tick(20);
    held.open();
    await expect(failing).rejects.toThrow('rolled back');
    expect(await read).toEqual(['committed']);
    await write;
    expect(await names()).toEqual(['committed', 'outside']);
  });

  it('does not let a timer started inside a transaction write into it after it ended', async () => {
    let late: Promise<unknown> | undefined;
    const held = gate();
    await sql.transaction(async () => {
      await sql.run("INSERT INTO t (name) VALUES ('in')");
      setTimeout(() => {
        late = sql.run("INSERT INTO t (name) VALUES ('late')");
        held.open();
      }, 10);
    });
    const other = gate();
    const blocking = sql.transaction(async () => {
      await held.promise;
      await sql.run("INSERT INTO t (name) VALUES ('other')");
      await other.promise;
      throw new Error('rolled back');
    });
    await held.promise;
    other.open();
    await expect(blocking).rejects.toThrow('rolled back');
    await late;
    expect(await names()).toEqual(['in', 'late']);
  });

  it('turns a broken UNIQUE or PRIMARY KEY constraint into UniqueViolation, and other errors pass unchanged', async () => {
    await sql.run("INSERT INTO t (id, name) VALUES (1, 'a')");
    await expect(sql.run("INSERT INTO t (id, name) VALUES (2, 'a')")).rejects.toBeInstanceOf(UniqueViolation);
    await expect(sql.run("INSERT INTO t (id, name) VALUES (1, 'b')")).rejects.toBeInstanceOf(UniqueViolation);
    const inside = sql.transaction(() => sql.run("INSERT INTO t (id, name) VALUES (3, 'a')"));
    await expect(inside).rejects.toBeInstanceOf(UniqueViolation);
    const notNull = sql.run('INSERT INTO t (id, name) VALUES (4, NULL)');
    await expect(notNull).rejects.toThrow(/NOT NULL/);
    await expect(sql.run('INSERT INTO t (id, name) VALUES (5, NULL)')).rejects.not.toBeInstanceOf(UniqueViolation);
    expect(await names()).toEqual(['a']);
  });

  it('tryTransaction gives false, writing nothing, while another connection holds the write lock', async () => {
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      const started = performance.now();
      const done = await sql.tryTransaction(async () => {
        await sql.run("INSERT INTO t (name) VALUES ('try')");
      }, 30);
      expect(done).toBe(false);
      // It waited about its own short time, not the 5 s busy timeout.
      expect(performance.now() - started).toBeLessThan(2000);
      other.exec('ROLLBACK');
      expect(await names()).toEqual([]);
      expect(await sql.tryTransaction(() => sql.run("INSERT INTO t (name) VALUES ('try')").then(() => {}), 30)).toBe(
        true,
      );
      expect(await names()).toEqual(['try']);
    } finally {
      other.close();
    }
  });

  it('tryTransaction gives false while this connection’s own transaction outlasts its wait', async () => {
    const held = gate();
    const long = sql.transaction(() => held.promise);
    const done = await sql.tryTransaction(async () => {
      await sql.run("INSERT INTO t (name) VALUES ('try')");
    }, 20);
    held.open();
    await long;
    expect(done).toBe(false);
    expect(await names()).toEqual([]);
  });

  it('rolls back tryTransaction when its body throws', async () => {
    await expect(
      sql.tryTransaction(async () => {
        await sql.run("INSERT INTO t (name) VALUES ('try')");
        throw new Error('body fails');
      }, 20),
    ).rejects.toThrow('body fails');
    expect(await names()).toEqual([]);
  });
});
