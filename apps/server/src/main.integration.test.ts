import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServer } from './main.ts'

const mainFile = join(import.meta.dirname, 'main.ts')

/** Runs `main.ts` as `npm start` would, with only the given environment, and returns how it ended. */
function runMain(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', mainFile], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: mkdtempSync(join(tmpdir(), 'tac-main-')), ...env },
    encoding: 'utf8',
    timeout: 20_000,
  })
  return { status: result.status, stderr: result.stderr.trim() }
}

describe('main', () => {
  it.each([
    [{ STORE: 'kv' }, 'KV_REST_API_URL'],
    [{ REDIS_URL: 'nonsense' }, 'REDIS_URL'],
  ])('stops start-up for %j with one line naming %s and exit code 1', (env, variable) => {
    const { status, stderr } = runMain(env)
    expect(status).toBe(1)
    expect(stderr.split('\n')).toHaveLength(1)
    expect(stderr).toMatch(new RegExp(`^Configuration error: ${variable} `))
  })

  it('serves /api/health from the embedded SQLite store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tac-main-'))
    const server = await startServer({ DATA_DIR: dataDir, PORT: '0' })
    try {
      const res = await fetch(`${server.url}/api/health`)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ status: 'ok', store: 'sqlite', storeReachable: true, mode: 'none' })
    } finally {
      await server.close()
    }
  })
})
