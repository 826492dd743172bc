import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATEMENT_CACHE_SIZE, withStatementCache } from './sqlite.ts';

describe('prepared-statement cache', () => {
  let sqlite: SQLite.Database;
  beforeEach(() => {
    sqlite = new SQLite(':memory:');
    sqlite.exec('create table t (a integer)');
  });
  afterEach(() => sqlite.close());

  it('prepares a SQL text once and answers the same statement again', () => {
    const db = withStatementCache(sqlite);
    const first = db.prepare('insert into t (a) values (?)');
    expect(db.prepare('insert into t (a) values (?)')).toBe(first);
    first.run([1]);
    db.prepare('insert into t (a) values (?)').run([2]);
    expect(db.prepare('select count(*) as n from t').all([])).toEqual([{ n: 2 }]);
  });

  it('keeps working after the schema changes under a cached statement', () => {
    const db = withStatementCache(sqlite);
    expect(db.prepare('select * from t').all([])).toEqual([]);
    sqlite.exec('alter table t add column b text');
    sqlite.exec("insert into t (a, b) values (1, 'x')");
    expect(db.prepare('select * from t').all([])).toEqual([{ a: 1, b: 'x' }]);
  });

  it('prepares a fresh statement while the cached one is still being iterated', () => {
    const db = withStatementCache(sqlite);
    sqlite.exec('insert into t (a) values (1), (2)');
    const streaming = db.prepare('select a from t');
    const rows = streaming.iterate([]);
    rows.next();
    const again = db.prepare('select a from t');
    expect(again).not.toBe(streaming);
    expect(again.all([])).toEqual([{ a: 1 }, { a: 2 }]);
    rows.return?.();
  });

  it('holds at most its size, dropping the least recently used', () => {
    const db = withStatementCache(sqlite);
    const kept = db.prepare('select 0');
    const dropped = db.prepare('select -1');
    for (let i = 1; i <= STATEMENT_CACHE_SIZE + 10; i += 1) {
      db.prepare(`select ${i}`);
      if (i % 50 === 0) expect(db.prepare('select 0')).toBe(kept); // used recently: kept
    }
    expect(db.prepare('select 0')).toBe(kept);
    expect(db.prepare('select -1')).not.toBe(dropped);
  });
});
