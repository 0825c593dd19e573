import { describe, expect, it } from 'vitest';
import { FolderRules } from './gitignore.js';

/** The rules met walking down from the root: each folder with its `.gitignore` text, if any. */
function walk(...folders: [folder: string, gitignore: string | null][]): FolderRules {
  return folders.reduce((rules, [folder, text]) => rules.enter(folder, text), FolderRules.empty());
}

describe('FolderRules', () => {
  it('a nested .gitignore is relative to its own folder and applies to its subtree', () => {
    const nested = walk(['', null], ['a', '/only-here.txt\nbuild/\n']);
    expect(nested.ignores('only-here.txt', false)).toBe(true);
    expect(nested.ignores('build', true)).toBe(true);
    // A folder-only pattern does not match a file of the same name.
    expect(nested.ignores('build', false)).toBe(false);
    const below = nested.enter('a/b', null);
    // Anchored to a/, so not a/b/only-here.txt; unanchored build/ matches at any depth.
    expect(below.ignores('only-here.txt', false)).toBe(false);
    expect(below.ignores('build', true)).toBe(true);
  });

  it('a sibling folder is not under the rules of another', () => {
    const root = walk(['', null]);
    expect(root.enter('a', 'x.txt\n').ignores('x.txt', false)).toBe(true);
    expect(root.enter('b', null).ignores('x.txt', false)).toBe(false);
  });

  it('root rules reach every depth; a deeper negation overrides them', () => {
    const rules = walk(['', '*.log\n'], ['logs', '!keep.log\n'], ['logs/old', null]);
    expect(rules.ignores('x.log', false)).toBe(true);
    expect(rules.ignores('keep.log', false)).toBe(false);
  });

  it('a negation in the same file re-includes a file its wildcard ignored', () => {
    const rules = walk(['', '*.txt\n!keep.txt\n']);
    expect(rules.ignores('drop.txt', false)).toBe(true);
    expect(rules.ignores('keep.txt', false)).toBe(false);
  });

  it('a folder re-included by a deeper .gitignore is scanned inside, as Git does', () => {
    // Git: lib/.gitignore's `!vendor/` overrides the root's `lib/vendor/`, and then files inside
    // lib/vendor/ are matched by name only, not as being under an ignored folder.
    const lib = walk(['', 'lib/vendor/\n'], ['lib', '!vendor/\n']);
    expect(lib.ignores('vendor', true)).toBe(false);
    expect(lib.enter('lib/vendor', null).ignores('token.txt', false)).toBe(false);
  });

  it('names that look like relative paths are plain names', () => {
    const rules = walk(['', '*.txt\n']);
    expect(rules.ignores('...', false)).toBe(false);
    expect(rules.ignores('..txt', false)).toBe(true);
  });

  it.runIf(process.platform === 'linux')('compares names case-sensitively on Linux, as Git does there', () => {
    const rules = walk(['', 'Build/\n']);
    expect(rules.ignores('Build', true)).toBe(true);
    expect(rules.ignores('build', true)).toBe(false);
  });
});
