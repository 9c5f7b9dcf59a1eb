/**
 * The lint rule that keeps Bitrix24's REST vocabulary in `adapters/bitrix24`: a method name in a service or in
 * the domain fails `npm run lint`; the same text in the adapter, and ordinary dotted words, pass.
 */
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const eslint = new ESLint({ cwd: repoRoot })

async function messagesOf(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line)
}

const probe = [
  "export const a = 'tasks.task.add'",
  "export const b = { method: 'crm.deal.get' }",
  'export const c = `user.get`',
  "export const d = 'IM.NOTIFY.SYSTEM.ADD'",
  "export const fine = ['./app.ts', 'approval.ts', 'user.name is shown', 'profile']",
].join('\n')

describe('the Bitrix24 method-name rule', () => {
  it('fails on a method name in services/ and in domain/', async () => {
    expect(await messagesOf(probe, 'apps/server/src/services/outbox/probe.ts')).toEqual([1, 2, 3, 4])
    expect(await messagesOf(probe, 'apps/server/src/domain/probe.ts')).toEqual([1, 2, 3, 4])
  })

  it('lets the Bitrix24 adapter name methods', async () => {
    expect(await messagesOf(probe, 'apps/server/src/adapters/bitrix24/probe.ts')).toEqual([])
  })
})
