import { describe, expect, it } from 'vitest';
import { numberPlaceholders } from './pg-placeholders.js';

describe('numberPlaceholders', () => {
  it('numbers each ? in order', () => {
    expect(numberPlaceholders('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)',
      count: 3,
    });
  });

  it('leaves a ? inside string literals alone, doubled quotes included', () => {
    expect(numberPlaceholders("SELECT '?', 'it''s ?', ? || '?'")).toEqual({
      text: "SELECT '?', 'it''s ?', $1 || '?'",
      count: 1,
    });
  });

  it('reads E-strings with backslash escapes to their real end', () => {
    expect(numberPlaceholders("SELECT E'\\' ?', ?")).toEqual({ text: "SELECT E'\\' ?', $1", count: 1 });
    // A name ending in e is not an E-string: the backslash there is an ordinary character.
    expect(numberPlaceholders("SELECT name'\\', ?")).toEqual({ text: "SELECT name'\\', $1", count: 1 });
  });

  it('leaves quoted identifiers, comments and dollar-quoted bodies alone', () => {
    const sql = [
      'SELECT "what?", ? -- why?',
      'FROM t /* a ? /* nested ? */ still ? */ WHERE x = ?',
      'AND y = $$ ? $$ AND z = $tag$ ? $$ ? $tag$ AND w = ?',
    ].join('\n');
    expect(numberPlaceholders(sql)).toEqual({
      text: [
        'SELECT "what?", $1 -- why?',
        'FROM t /* a ? /* nested ? */ still ? */ WHERE x = $2',
        'AND y = $$ ? $$ AND z = $tag$ ? $$ ? $tag$ AND w = $3',
      ].join('\n'),
      count: 3,
    });
  });

  it('does not take an existing $1 or a name containing $ for a dollar quote', () => {
    expect(numberPlaceholders('SELECT a$b, ?')).toEqual({ text: 'SELECT a$b, $1', count: 1 });
  });

  it('counts none in a statement without placeholders', () => {
    expect(numberPlaceholders('SELECT \'a\', "b"')).toEqual({ text: 'SELECT \'a\', "b"', count: 0 });
  });
});
