// @vitest-environment node
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INITIAL_JS_BUDGET_KB, type InitialSize } from './bundle-size.ts'

// Builds the SPA for real (into a temporary folder) and holds the home route to the budget.
const webRoot = fileURLToPath(new URL('../../', import.meta.url))
const outDir = mkdtempSync(join(tmpdir(), 'tac-web-build-'))
let size: InitialSize
let manifest: Record<string, { file: string; isEntry?: boolean; dynamicImports?: string[] }>

beforeAll(async () => {
  // vitest sets NODE_ENV=test, which makes Vite bundle Vue's development build; measure what ships.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  await build({
    root: webRoot,
    configFile: join(webRoot, 'vite.config.ts'),
    logLevel: 'warn',
    mode: 'production',
    build: { outDir, emptyOutDir: true, manifest: true },
  }).finally(() => {
    process.env.NODE_ENV = nodeEnv
  })
  size = JSON.parse(readFileSync(join(outDir, 'size-report.json'), 'utf8')) as InitialSize
  manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as typeof manifest
}, 240_000)

afterAll(() => rmSync(outDir, { recursive: true, force: true }))

describe('the built SPA', () => {
  it(`loads at most ${INITIAL_JS_BUDGET_KB} KB gzip of JavaScript on the home route`, () => {
    expect(size.jsKb).toBeGreaterThan(50)
    expect(size.jsKb).toBeLessThanOrEqual(INITIAL_JS_BUDGET_KB)
    expect(size.cssKb).toBeGreaterThan(5)
  })

  it('loads every page other than the home route lazily', () => {
    const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)
    const lazy = (entry?.[1].dynamicImports ?? []).join(' ')
    for (const page of ['Approvals', 'Approval', 'NewApproval', 'Telegram', 'Templates', 'Settings', 'CrmTab']) {
      expect(lazy).toContain(`src/pages/${page}Page.vue`)
    }
    expect(size.files.some((file) => /Page-/.test(file))).toBe(false)
  })
})
