// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { localPlugin } from './eslint-rules/no-type-import-cycle.js';

/**
 * Who may import whom. Each file gets exactly one `no-restricted-imports` setting (a later block
 * replaces an earlier one, it does not add to it), so every block below spells out the whole rule for
 * the files it matches, from the folders down to the single files.
 */
const restrict = (/** @type {{ paths?: object[]; patterns?: object[] }} */ { paths = [], patterns = [] }) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
});

/** Imports of one of our top-level folders, from anywhere in the tree. */
const folders = (/** @type {string[]} */ dirs, /** @type {string} */ message) =>
  dirs.map((dir) => ({ group: [`**/${dir}`, `**/${dir}/**`], message }));

/** Packages that need Node or Electron. */
const NODE_PACKAGES = ['fs', 'path', 'os', 'crypto', 'child_process', 'undici', 'electron', 'better-sqlite3'];

/**
 * The rule for code that runs in a browser, or in every runtime: no Node built-ins, no Node-only
 * packages, and none of the given folders of ours.
 */
const browserSafe = (
  /** @type {string} */ message,
  /** @type {string[]} */ forbidden,
  /** @type {string} */ forbiddenMessage,
) =>
  restrict({
    paths: NODE_PACKAGES.map((name) => ({ name, message })),
    patterns: [{ group: ['node:*'], message }, ...folders(forbidden, forbiddenMessage)],
  });

const SHARED_ONLY = 'src-shared imports nothing else of ours: the app, the renderer and the server all use it.';
const SHARED_ONLY_MAIN = 'src-main imports only src-shared of ours; the server and the renderer are other programs.';
const SHARED_ONLY_SERVER = 'src-server imports only src-shared of ours; the app is another program.';
const SHARED_ONLY_RENDERER = 'The renderer imports src-shared only; it talks to main through the preload bridge.';
const PLAIN_NODE =
  'The core and its services are plain Node, so the tests, the browser harness and the bench can run them: Electron is wired in src-main/electron only.';
const PRELOAD_ALONE =
  'The preload runs sandboxed in the renderer process: it reaches main over IPC only, never by importing the core or its services.';

/** A focused test silences the rest of its file; everywhere. */
const NO_FOCUSED_TESTS = {
  selector: "CallExpression[callee.property.name='only']",
  message: 'Focused tests silence the rest.',
};

/** A Testing Library query (getBy…, queryBy…, findBy…, …All…), bare or on `screen` / `within(…)`. */
const QUERY = '/^(get|query|find)(All)?By/';
const TRUTHINESS = '/^(toBeTruthy|toBeFalsy|toBeDefined|toBeUndefined|toBeNull)$/';
/**
 * `expect(query(…)).matcher()` and `expect(query(…)).not.matcher()`, the query's answer or one item of
 * it (`getAllBy…(…)[0]`), by the path from the matcher's call.
 */
const QUERY_UNDER_TEST = ['callee.object', 'callee.object.object'].flatMap((expectCall) =>
  ['callee.name', 'callee.property.name', 'object.callee.name', 'object.callee.property.name'].map(
    (query) => `[${expectCall}.callee.name='expect'][${expectCall}.arguments.0.${query}=${QUERY}]`,
  ),
);

/**
 * Renderer tests assert what the user sees, with @testing-library/jest-dom, and act as the user does,
 * with @testing-library/user-event. A getBy… query throws when nothing matches, so a truthiness check
 * on one asserts nothing; a DOM property compared by hand says less than the matcher made for it.
 */
const RENDERER_TEST_SYNTAX = [
  ...QUERY_UNDER_TEST.map((query) => ({
    selector: `CallExpression[callee.property.name=${TRUTHINESS}]${query}`,
    message:
      'getBy… throws when nothing matches and queryBy… returns null, so this asserts nothing the user sees: use a jest-dom matcher (toBeVisible, toHaveTextContent, toBeDisabled…), or .not.toBeInTheDocument() for absence.',
  })),
  {
    selector:
      "CallExpression[callee.name='expect'][arguments.0.property.name=/^(textContent|disabled|checked|title|className|required|readOnly|tabIndex)$/]",
    message:
      'Use the jest-dom matcher for it: toHaveTextContent, toBeDisabled/toBeEnabled, toBeChecked, toHaveAccessibleDescription or toHaveAttribute, toHaveClass, toBeRequired.',
  },
  {
    selector: "CallExpression[callee.name='expect'][arguments.0.callee.property.name='getAttribute']",
    message: 'Use toHaveAttribute (or toHaveAccessibleName/Description, toBeChecked…) from jest-dom.',
  },
  {
    selector: "CallExpression[callee.name='expect'][arguments.0.property.name='activeElement']",
    message: 'Use toHaveFocus() from jest-dom.',
  },
  {
    selector:
      "ImportDeclaration[source.value=/^@testing-library\\/(react|dom)$/] > ImportSpecifier[imported.name='fireEvent']",
    message:
      'Act as the user does: const user = userEvent.setup() (test-support: setupUser, renderApp, renderWithData) and await user.click / user.type / user.selectOptions / user.keyboard.',
  },
];

/** The files of the main-process core: the composition root (core.ts), its handlers, its services. */
const CORE_FILES = ['src-main/core*.ts', 'src-main/core/**', 'src-main/services/**'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.data/**',
      '.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.shared.json',
          './tsconfig.server.json',
          './tsconfig.main.json',
          './tsconfig.renderer.json',
          './tsconfig.tools.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX, tokendesk: localPlugin },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
          // The sources import `./x.js` for `./x.ts`, as TypeScript's bundler resolution allows.
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'no-restricted-syntax': ['error', NO_FOCUSED_TESTS],
      // Cycles are errors: runtime ones here, those that close through `import type` in the next rule.
      // No cycle can pass through a package (it cannot import our files), and skipping packages spares
      // the rule from parsing their large type declarations, which is most of its cost.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'tokendesk/no-type-import-cycle': 'error',
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },

  // The process boundaries.
  {
    files: ['src-shared/**'],
    rules: browserSafe(
      'src-shared runs everywhere: no Node built-ins.',
      ['src-main', 'src-server', 'src-renderer'],
      SHARED_ONLY,
    ),
  },
  {
    // Tests of the shared contract may use Node to cross-check it (e.g. zlib's CRC-32).
    files: ['src-shared/**/*.test.ts'],
    rules: restrict({ patterns: folders(['src-main', 'src-server', 'src-renderer'], SHARED_ONLY) }),
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Labels, roles and keyboard access are checked where the markup is written.
      ...jsxA11y.flatConfigs.recommended.rules,
      ...browserSafe('The renderer never sees Node.', ['src-main', 'src-server'], SHARED_ONLY_RENDERER),
    },
  },
  {
    // The rule replaces the one above for these files, so it names focused tests again.
    files: ['src-renderer/**/*.test.ts', 'src-renderer/**/*.test.tsx', 'src-renderer/test-support/**'],
    rules: { 'no-restricted-syntax': ['error', NO_FOCUSED_TESTS, ...RENDERER_TEST_SYNTAX] },
  },
  {
    files: ['src-server/**'],
    rules: restrict({ patterns: folders(['src-main', 'src-renderer'], SHARED_ONLY_SERVER) }),
  },
  { files: ['src-main/**'], rules: restrict({ patterns: folders(['src-server', 'src-renderer'], SHARED_ONLY_MAIN) }) },
  {
    files: CORE_FILES,
    rules: restrict({
      paths: [{ name: 'electron', message: PLAIN_NODE }],
      patterns: [
        { group: ['electron/*'], message: PLAIN_NODE },
        ...folders(['src-server', 'src-renderer'], SHARED_ONLY_MAIN),
      ],
    }),
  },
  {
    files: ['src-main/preload.ts'],
    rules: restrict({
      patterns: [
        { group: ['**/services', '**/services/**', '**/core', '**/core/**', '**/core.js'], message: PRELOAD_ALONE },
        ...folders(['src-server', 'src-renderer'], SHARED_ONLY_MAIN),
      ],
    }),
  },
  prettier,
);
