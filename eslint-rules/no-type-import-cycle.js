// @ts-check
/**
 * `import-x/no-cycle` skips every `import type` (it has no option to count them), so a cycle that
 * closes only through type imports passes it. Such a cycle still ties two modules together: neither
 * can move, split or be read without the other. This rule reports exactly those cycles, the ones that
 * need at least one type-only edge, so each cycle is reported by one rule: runtime cycles by
 * import-x/no-cycle, the rest here.
 *
 * Only relative imports are followed (packages cannot import our files). A specifier written with
 * `.js` resolves to the `.ts`/`.tsx` file beside it, as TypeScript's bundler resolution does.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/** @typedef {{ target: string, typeOnly: boolean }} Edge */

/** Each file's relative imports, kept while the file is unchanged (the rule runs once per file). */
/** @type {Map<string, { mtimeMs: number, edges: Edge[] }>} */
const parsed = new Map();

/** @param {string} from @param {string} specifier @returns {string | null} */
function resolveRelative(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`];
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * Whether a declaration imports types only, as import-x judges it: `import type …`, `export type … from`,
 * or named imports that are each marked `type`. A bare `import './x.js'` runs the module: not type-only.
 * @param {ts.ImportDeclaration | ts.ExportDeclaration} node
 */
function isTypeOnly(node) {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    !clause.name &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

/** @param {string} file @returns {Edge[]} */
function edgesOf(file) {
  const mtimeMs = statSync(file).mtimeMs;
  const known = parsed.get(file);
  if (known && known.mtimeMs === mtimeMs) return known.edges;
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, kind);
  /** @type {Edge[]} */
  const edges = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const target = resolveRelative(file, specifier.text);
    if (target) edges.push({ target, typeOnly: isTypeOnly(statement) });
  }
  parsed.set(file, { mtimeMs, edges });
  return edges;
}

/**
 * The shortest import path from `start` to `goal` (both included), or null.
 * @param {string} start @param {string} goal @param {boolean} valueOnly
 * @returns {string[] | null}
 */
function pathBetween(start, goal, valueOnly) {
  /** @type {Map<string, string | null>} */
  const cameFrom = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = /** @type {string} */ (queue.shift());
    if (file === goal) {
      const path = [];
      for (let at = /** @type {string | null} */ (file); at !== null; at = cameFrom.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const edge of edgesOf(file)) {
      if (valueOnly && edge.typeOnly) continue;
      if (cameFrom.has(edge.target)) continue;
      cameFrom.set(edge.target, file);
      queue.push(edge.target);
    }
  }
  return null;
}

/**
 * `isTypeOnly` for the linted file's own declarations, read from the ESLint tree (typescript-estree
 * marks `importKind`/`exportKind`).
 * @param {any} node
 * @returns {boolean}
 */
function nodeIsTypeOnly(node) {
  if (node.type === 'ImportDeclaration') {
    if (node.importKind === 'type') return true;
    const named = node.specifiers.filter((/** @type {any} */ s) => s.type === 'ImportSpecifier');
    return (
      named.length > 0 &&
      named.length === node.specifiers.length &&
      named.every((/** @type {any} */ s) => s.importKind === 'type')
    );
  }
  return node.exportKind === 'type';
}

/** @type {import('eslint').Rule.RuleModule} */
export const noTypeImportCycle = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow import cycles that close through type-only imports (import-x/no-cycle skips them).',
    },
    schema: [],
    messages: {
      cycle:
        'Import cycle through a type-only import: {{path}}. Move the shared types into a module of their own that both sides import.',
    },
  },
  create(context) {
    const file = context.physicalFilename;
    if (!/\.tsx?$/.test(file) || !existsSync(file)) return {};
    const root = context.cwd;
    /** @param {import('estree').ImportDeclaration | import('estree').ExportNamedDeclaration | import('estree').ExportAllDeclaration} node */
    const check = (node) => {
      const source = node.source;
      if (!source || typeof source.value !== 'string') return;
      const target = resolveRelative(file, source.value);
      if (!target || target === file) return;
      const back = pathBetween(target, file, false);
      if (!back) return;
      // A cycle of value imports alone is import-x/no-cycle's to report.
      if (!nodeIsTypeOnly(node) && pathBetween(target, file, true)) return;
      const path = [file, ...back].map((f) => relative(root, f)).join(' → ');
      context.report({ node, messageId: 'cycle', data: { path } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export const localPlugin = { rules: { 'no-type-import-cycle': noTypeImportCycle } };
