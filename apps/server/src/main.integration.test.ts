import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServer } from './main.ts'

describe('main', () => {
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
