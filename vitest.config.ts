import { defineConfig } from 'vitest/config'

/** Where tests live: every workspace's `src/` plus the root scripts. */
const roots = ['apps/server/src', 'apps/sandbox/src', 'apps/web/src', 'apps/web/e2e', 'scripts']
const named = (suffix: string) => roots.map((root) => `${root}/**/*${suffix}`)
const kinds = ['.integration.test.ts', '.browser.test.ts', '.load.test.ts']

/**
 * Tests sorted by kind, one vitest project per kind; `npm test` runs them all, `--project <name>` one of them.
 * The file name says the kind:
 * - `*.test.ts` → `unit` (Node) or `unit-web` (the SPA, happy-dom): in-process only — no listening socket, no
 *   child process, no browser; temp files and in-memory SQLite are fine. `npm run test:unit` runs both. They
 *   share one module graph per worker (`isolate: false`, most of their time is imports), so a unit test restores
 *   any global it changes (fake timers, stubbed globals) before it ends.
 * - `*.integration.test.ts` → `integration`: sandboxes, servers on port 0, real `redis-server`, child processes.
 * - `*.browser.test.ts` → `browser`: Chromium through playwright-core (includes the SPA's end-to-end journey).
 * - `*.load.test.ts` → `load`: runs that measure throughput or send rates; `npm test` runs them last, alone.
 */
export default defineConfig({
  test: {
    passWithNoTests: true,
    // Transformed modules cached on disk between runs (most of a unit run is transforming and importing).
    experimental: { fsModuleCache: true },
    projects: [
      {
        test: {
          name: 'unit',
          include: named('.test.ts').filter((glob) => !glob.startsWith('apps/web/')),
          exclude: ['**/node_modules/**', ...kinds.map((kind) => `**/*${kind}`)],
          environment: 'node',
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        // The SPA's own Vite config (Vue + the b24ui plugin), so components mount as they are built.
        extends: './apps/web/vite.config.ts',
        test: {
          name: 'unit-web',
          root: 'apps/web',
          include: ['src/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...kinds.map((kind) => `**/*${kind}`)],
          environment: 'happy-dom',
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: named('.integration.test.ts'),
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: named('.browser.test.ts'),
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          name: 'load',
          include: named('.load.test.ts'),
          // After every other project, so no test of ours competes with the rates these measure.
          sequence: { groupOrder: 1 },
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
