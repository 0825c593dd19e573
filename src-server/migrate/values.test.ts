import { describe, expect, it } from 'vitest';
import { foreignKeyOrder, SchemaMismatch } from './plan.js';
import { redactedUrl, withoutPassword } from './target-url.js';
import { canonicalPostgres, canonicalSqlite, kindOf, toPostgres, type Column } from './values.js';

const column = (type: string): Column => ({ name: 'c', type, kind: kindOf(type)! });

describe('values crossing from SQLite to PostgreSQL', () => {
  it('keep integers past 2^53 exact, and give each kind one canonical text on both sides', () => {
    const big = 2n ** 62n + 1n;
    expect(toPostgres(big, column('bigint'), 't')).toBe('4611686018427387905');
    expect(canonicalSqlite(big, 'integer')).toBe(canonicalPostgres('4611686018427387905', 'integer'));
    expect(toPostgres(1n, column('boolean'), 't')).toBe('true');
    expect(canonicalSqlite(0n, 'boolean')).toBe(canonicalPostgres('f', 'boolean'));
    const bytes = Buffer.from([0, 255, 16]);
    expect(toPostgres(bytes, column('bytea'), 't')).toBe(bytes);
    expect(canonicalSqlite(bytes, 'bytes')).toBe(canonicalPostgres('\\x00FF10', 'bytes'));
    expect(canonicalSqlite('{"a": 1}', kindOf('json')!)).toBe(canonicalPostgres('{"a": 1}', 'text'));
    expect(canonicalSqlite(null, 'text')).toBeNull();
    // A text '' and a NULL are different values.
    expect(canonicalSqlite('', 'text')).not.toBe(canonicalSqlite(null, 'text'));
  });

  it('refuse a value that does not fit, naming the cell', () => {
    expect(() => toPostgres('12', column('bigint'), 'tokens')).toThrow(
      /tokens\.c holds the text "12", which does not fit PostgreSQL's bigint/,
    );
    expect(() => toPostgres(2n, column('boolean'), 'members')).toThrow(/members\.c holds the integer 2/);
    expect(canonicalSqlite('12', 'integer')).not.toBe(canonicalPostgres('12', 'integer'));
  });

  it('have no conversion into jsonb or other types no column uses', () => {
    expect(kindOf('jsonb')).toBeUndefined();
    expect(kindOf('double precision')).toBeUndefined();
    expect(kindOf('character varying(20)')).toBe('text');
  });
});

describe('the copy order', () => {
  it('puts every table after the tables it refers to, alphabetically among equals', () => {
    const order = foreignKeyOrder(
      new Map([
        ['tokens', new Set(['members'])],
        ['members', new Set(['domains'])],
        ['groups', new Set(['domains'])],
        ['group_members', new Set(['groups', 'members'])],
        ['domains', new Set<string>()],
        ['audit_events', new Set<string>()],
      ]),
    );
    expect(order).toEqual(['audit_events', 'domains', 'groups', 'members', 'group_members', 'tokens']);
  });

  it('refuses tables that refer to each other in a cycle', () => {
    const cycle = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['a'])],
    ]);
    expect(() => foreignKeyOrder(cycle)).toThrow(SchemaMismatch);
  });
});

describe('the target URL', () => {
  const url = 'postgres://tokendesk:p%40ss%2Fword@db.example:5432/tokendesk';
  it('is shown with its password hidden', () => {
    expect(redactedUrl(url)).toBe('postgres://tokendesk:***@db.example:5432/tokendesk');
  });
  it('has its password, as written and decoded, removed from any message', () => {
    expect(withoutPassword('failed for p%40ss%2Fword and p@ss/word', url)).toBe('failed for *** and ***');
    expect(withoutPassword('no password here', 'postgres://u@h/db')).toBe('no password here');
  });
});
