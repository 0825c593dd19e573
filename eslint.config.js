// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** The process boundaries from DESIGN.md, enforced as errors. */
const boundary = (...forbidden) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: forbidden.map((dir) => ({
        group: [`**/${dir}`, `**/${dir}/**`],
        message: `This layer may not import from ${dir} (see DESIGN.md › Layout).`,
      })),
    },
  ],
});

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'undici', 'electron', 'better-sqlite3'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.data/**'] },
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
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'eslint-comments/no-unlimited-disable': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'Focused tests silence the rest.' },
      ],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src-shared/**'],
    rules: {
      ...boundary('src-main', 'src-server', 'src-renderer'),
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.filter((n) => !n.includes('*')),
          patterns: [
            { group: ['node:*'], message: 'src-shared runs everywhere: no Node built-ins.' },
            ...['src-main', 'src-server', 'src-renderer'].map((dir) => ({
              group: [`**/${dir}`, `**/${dir}/**`],
              message: `src-shared imports nothing else of ours (see DESIGN.md › Layout).`,
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.filter((n) => !n.includes('*')),
          patterns: [
            { group: ['node:*'], message: 'The renderer never sees Node.' },
            ...['src-main', 'src-server'].map((dir) => ({
              group: [`**/${dir}`, `**/${dir}/**`],
              message: `The renderer imports src-shared only; it talks to main through the preload bridge.`,
            })),
          ],
        },
      ],
    },
  },
  {
    // Tests of the shared contract may use Node to cross-check it (e.g. zlib's CRC-32).
    files: ['src-shared/**/*.test.ts'],
    rules: boundary('src-main', 'src-server', 'src-renderer'),
  },
  { files: ['src-main/**'], rules: boundary('src-server', 'src-renderer') },
  { files: ['src-server/**'], rules: boundary('src-main', 'src-renderer') },
  prettier,
);
