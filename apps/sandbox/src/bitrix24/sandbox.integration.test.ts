/**
 * The library API: seed data and the JSON snapshot kept across restarts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox } from './index.ts'
import { restCall } from '../test-support/rest-call.ts'

const dir = mkdtempSync(join(tmpdir(), 'b24-snapshot-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('createBitrix24Sandbox', () => {
  it('seeds users with departments and heads, two pipelines, about twenty deals and a few leads', async () => {
    const sandbox = await createBitrix24Sandbox({ rateLimit: false })
    try {
      const { access_token: token } = sandbox.issueTokens(1)
      const departments = (await restCall(sandbox.restUrl, token, 'department.get')).body['result'] as Record<
        string,
        string
      >[]
      expect(departments.find((d) => d['ID'] === '3')).toMatchObject({
        NAME: 'Финансовый отдел',
        UF_HEAD: '6',
        PARENT: '1',
      })
      const categories = await restCall(sandbox.restUrl, token, 'crm.category.list', { entityTypeId: 2 })
      expect((categories.body['result'] as { categories: { name: string }[] }).categories.map((c) => c.name)).toEqual([
        'Продажи',
        'Закупки',
      ])
      const stages = await restCall(sandbox.restUrl, token, 'crm.status.list', {
        filter: { ENTITY_ID: 'DEAL_STAGE_1' },
      })
      expect((stages.body['result'] as { STATUS_ID: string }[])[0]?.STATUS_ID).toBe('C1:NEW')
      // Working stages answer `SEMANTICS: null`, final ones `S` / `F`, with the kind spelled out in `EXTRA`.
      const semantics = (stages.body['result'] as { SEMANTICS: string | null; EXTRA: { SEMANTICS: string } }[]).map(
        (s) => [s.SEMANTICS, s.EXTRA.SEMANTICS],
      )
      expect(semantics).toContainEqual([null, 'process'])
      expect(semantics).toContainEqual(['S', 'success'])
      expect(semantics).toContainEqual(['F', 'failure'])
      expect(sandbox.deals()).toHaveLength(20)
      expect(sandbox.leads().length).toBeGreaterThanOrEqual(3)
      expect(sandbox.app.clientId).toMatch(/^local\.[0-9a-f]{14}\.\d{8}$/)
    } finally {
      await sandbox.close()
    }
  })

  it('keeps the portal in the snapshot file across a restart', async () => {
    const snapshotFile = join(dir, 'bitrix24.json')
    const first = await createBitrix24Sandbox({ rateLimit: false, snapshotFile })
    await first.install({ openInstallPage: false })
    const tokens = first.issueTokens(2)
    const added = await restCall(first.restUrl, tokens.access_token, 'crm.deal.add', {
      fields: { TITLE: 'Переживёт перезапуск' },
    })
    await first.close()
    expect(existsSync(snapshotFile)).toBe(true)
    const second = await createBitrix24Sandbox({ rateLimit: false, snapshotFile })
    try {
      expect(second.memberId).toBe(first.memberId)
      expect(second.app.clientSecret).toBe(first.app.clientSecret)
      const again = await restCall(second.restUrl, tokens.access_token, 'crm.deal.get', { id: added.body['result'] })
      expect(again.body['result']).toMatchObject({ TITLE: 'Переживёт перезапуск', CREATED_BY_ID: '2' })
      expect((await restCall(second.restUrl, tokens.access_token, 'app.info')).body['result']).toMatchObject({
        INSTALLED: true,
      })
    } finally {
      await second.close()
    }
  })
  it('refuses tokens named like Object.prototype members as invalid, never with a 500', async () => {
    const sandbox = await createBitrix24Sandbox({ rateLimit: false })
    try {
      for (const token of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        const answer = await restCall(sandbox.restUrl, token, 'app.info')
        expect([token, answer.status, answer.body['error']]).toEqual([token, 401, 'invalid_token'])
      }
    } finally {
      await sandbox.close()
    }
  })
})
