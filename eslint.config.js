// @ts-check
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import pluginVue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

const impureInDomain = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'domain/ is pure: take `now` as an argument.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'domain/ is pure: take `now` as an argument.',
  },
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
    message: 'domain/ is pure: take ids from the service.',
  },
  {
    selector: "MemberExpression[object.name='process'][property.name='env']",
    message: 'domain/ never reads the environment.',
  },
  { selector: "MemberExpression[object.name='console']", message: 'domain/ does not log.' },
  { selector: 'AwaitExpression', message: 'domain/ is synchronous.' },
  { selector: 'ImportDeclaration[source.value=/^(node:)?crypto$/]', message: 'domain/ does no crypto.' },
]

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/test-results/**', '**/dist/**', '.data/**', '**/.data/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Vue single-file components: the plugin's recommended rules, the TypeScript parser for `<script setup lang="ts">`,
  // and no layout rules (prettier formats templates).
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
    // vue-tsc checks names in components (typescript-eslint's advice for TypeScript sources).
    rules: { 'no-undef': 'off' },
  },
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        Request: 'readonly',
        Response: 'readonly',
        Headers: 'readonly',
        URLSearchParams: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        crypto: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        FormData: 'readonly',
        Blob: 'readonly',
        window: 'readonly',
        document: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // Harnesses, fixtures and child-process scripts of tests live in each workspace's `src/test-support/`
    // (and `scripts/test-support/`); product code never imports them.
    files: ['api/**/*.ts', 'apps/*/src/**/*.{ts,vue}', 'scripts/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/test-support/**'], message: 'Test support is for tests and benches only.' }] },
      ],
    },
  },
  {
    files: ['apps/server/src/domain/**/*.ts'],
    ignores: ['apps/server/src/domain/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...impureInDomain] },
  },
)
