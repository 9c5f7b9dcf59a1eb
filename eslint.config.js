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

// A Bitrix24 REST method name (`tasks.task.add`, `crm.deal.get`, `user.get`): scope prefix, a dot, more words.
// Only `adapters/bitrix24` speaks REST; services and the domain speak through the Portal port.
const bitrix24Scopes =
  'app|batch|bizproc|calendar|catalog|crm|department|disk|documentgenerator|entity|event|im|imbot|imopenlines|' +
  'landing|lists|log|placement|profile|pull|sale|sonet_group|socialnetwork|task|tasks|telephony|timeman|user|' +
  'userconsent|userfieldconfig|voximplant'
const bitrix24Method = `^(${bitrix24Scopes})\\.(?!(ts|js|mjs|json|vue|html|md)$)[a-z_]+(\\.[a-z_]+)*$`
const bitrix24MethodNames = [
  {
    selector: `Literal[value=/${bitrix24Method}/i]`,
    message: 'A Bitrix24 REST method name belongs in adapters/bitrix24; ask the Portal port in domain words.',
  },
  {
    selector: `TemplateElement[value.raw=/${bitrix24Method}/i]`,
    message: 'A Bitrix24 REST method name belongs in adapters/bitrix24; ask the Portal port in domain words.',
  },
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
    files: ['apps/server/src/services/**/*.ts'],
    ignores: ['apps/server/src/services/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...bitrix24MethodNames] },
  },
  {
    files: ['apps/server/src/domain/**/*.ts'],
    ignores: ['apps/server/src/domain/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...impureInDomain, ...bitrix24MethodNames] },
  },
)
