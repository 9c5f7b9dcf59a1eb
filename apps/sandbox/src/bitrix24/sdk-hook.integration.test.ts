/**
 * Acceptance: the real `B24Hook` against the sandbox's incoming-webhook URL form.
 * B24Hook always builds `https://` URLs (platform-notes A.2), so this test serves the sandbox over HTTPS
 * with a self-signed certificate made by the openssl CLI for this run, and trusts exactly that certificate
 * in the SDK's own axios instance (no global TLS switch, no product code change).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiVersion, B24Hook } from '@bitrix24/b24jssdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from './index.ts'

let sandbox: Bitrix24Sandbox
let cert: string
const dir = mkdtempSync(join(tmpdir(), 'b24-tls-'))

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  )
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8')
  sandbox = await createBitrix24Sandbox({
    rateLimit: false,
    tls: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert },
  })
})
afterAll(async () => {
  await sandbox.close()
  rmSync(dir, { recursive: true, force: true })
})

function hookFor(url: string): B24Hook {
  const hook = B24Hook.fromWebhookUrl(url, { restrictionParams: { maxRetries: 1 } })
  hook.offClientSideWarning()
  hook.getHttpClient(ApiVersion.v2).ajaxClient.defaults.httpsAgent = new Agent({ ca: cert })
  return hook
}

describe('B24Hook against the webhook URL form', () => {
  it('calls methods as the webhook user through /rest/<userId>/<code>/<method>', async () => {
    const hook = hookFor(sandbox.webhookUrl(6))
    const me = await hook.actions.v2.call.make<{ ID: string; NAME: string }>({ method: 'user.current' })
    expect(me.getData()?.result).toMatchObject({ ID: '6', NAME: 'Дмитрий' })
    const added = await hook.actions.v2.call.make<number>({
      method: 'crm.lead.add',
      params: { fields: { TITLE: 'Из вебхука' } },
    })
    const lead = sandbox.leads().find((l) => l.ID === String(added.getData()?.result))
    expect(lead).toMatchObject({ TITLE: 'Из вебхука', CREATED_BY_ID: '6' })
    const last = sandbox.restLog().at(-1)
    expect(last).toMatchObject({ method: 'crm.lead.add', transport: 'webhook', userId: 6, status: 200 })
  })

  it('refuses a wrong webhook secret with 401 INVALID_CREDENTIALS', async () => {
    const hook = hookFor(sandbox.webhookUrl(6).replace(/\/rest\/6\/[0-9a-f]+\//, '/rest/6/wrongsecret/'))
    await expect(hook.actions.v2.call.make({ method: 'user.current' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
      status: 401,
    })
  })

  it('refuses application-only methods with WRONG_AUTH_TYPE', async () => {
    const hook = hookFor(sandbox.webhookUrl(1))
    await expect(
      hook.actions.v2.call.make({
        method: 'placement.bind',
        params: { PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER: 'https://x.test/' },
      }),
    ).rejects.toMatchObject({ code: 'WRONG_AUTH_TYPE', status: 403 })
  })
})
