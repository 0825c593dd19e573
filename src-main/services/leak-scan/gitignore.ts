import ignore, { type Ignore } from 'ignore';

/**
 * `.gitignore` rules as Git applies them during a walk: each file's patterns are relative to the folder
 * that holds it and apply to that folder's subtree; a deeper file overrides a shallower one; an
 * ignored folder is not entered, so nothing below it can be re-included.
 */

/**
 * Git compares names case-sensitively unless `core.ignoreCase` is set, which `git init` does on the
 * case-insensitive file systems macOS and Windows use by default. The same choice, made by platform.
 */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/** One `.gitignore`: its folder relative to the scan root ('' for the root itself) and its rules. */
interface Layer {
  readonly base: string;
  /** The parsed rules, shared by every folder below; never tested itself, so it caches nothing. */
  readonly rules: Ignore;
}

/** A layer as one folder sees it: a fresh matcher, so its result cache lives as long as the folder. */
interface View {
  readonly layer: Layer;
  readonly matcher: Ignore;
}

function matcherFor(source: Ignore | string): Ignore {
  // allowRelativePaths: a name such as `...` is a valid file name, not a reason to throw.
  return ignore({ ignorecase: IGNORE_CASE, allowRelativePaths: true }).add(source);
}

/** The rules that apply to the entries of one folder. */
export class FolderRules {
  private constructor(
    /** Relative to the scan root, '/'-separated; '' for the root. */
    private readonly folder: string,
    /** Shallowest first. */
    private readonly views: readonly View[],
  ) {}

  /** The root before its own `.gitignore` is read: nothing is ignored yet. */
  static empty(): FolderRules {
    return new FolderRules('', []);
  }

  /**
   * The rules inside `folder` (a child of this one, or the root itself when this is `empty()`), given
   * the text of its own `.gitignore`, if it has one.
   *
   * A layer that ignores `folder` itself is dropped below it. We only enter such a folder when a deeper
   * `.gitignore` re-included it, and the `ignore` package would still apply that exclusion to every
   * path under it, which Git does not. Dropping the layer drops its other patterns below `folder` too,
   * so the scan may read a few files there that Git would ignore: for a leak scan, the safe side.
   */
  enter(folder: string, gitignoreText: string | null): FolderRules {
    const views: View[] = [];
    for (const view of this.views) {
      if (testOne(view, `${folder}/`).ignored) continue;
      views.push({ layer: view.layer, matcher: matcherFor(view.layer.rules) });
    }
    if (gitignoreText !== null) {
      const rules = matcherFor(gitignoreText);
      views.push({ layer: { base: folder, rules }, matcher: matcherFor(rules) });
    }
    return new FolderRules(folder, views);
  }

  /** Whether the entry `name` of this folder is ignored; the deepest `.gitignore` with an opinion decides. */
  ignores(name: string, isDirectory: boolean): boolean {
    const path = (this.folder === '' ? name : `${this.folder}/${name}`) + (isDirectory ? '/' : '');
    for (let i = this.views.length - 1; i >= 0; i--) {
      const result = testOne(this.views[i]!, path);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  }
}

/** Tests a root-relative path against one layer, as a path relative to that layer's folder. */
function testOne(view: View, rootRelative: string): ignore.TestResult {
  const { base } = view.layer;
  return view.matcher.test(base === '' ? rootRelative : rootRelative.slice(base.length + 1));
}
