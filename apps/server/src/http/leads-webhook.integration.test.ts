/**
 * Website leads in webhook mode (issue 20, item 5; seed 004 runs on an incoming webhook): the site is added with
 * `npm run leads:site` (the app's pages have no API in this mode), and a submission becomes a lead through
 * `B24Hook`. A webhook has no application Disk storage (`disk.storage.getforapp` is 403 `WRONG_AUTH_TYPE`), so the
 * files reach the lead through the timeline comment alone.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addLeadSite } from '../../../../scripts/leads-site.ts'
import type { Bitrix24Sandbox } from '../../../sandbox/src/bitrix24/index.ts'
import { openSqliteStore } from '../adapters/store/sqlite/sqlite-store.ts'
import { buildServer, listen, startSandbox, type Listener, type TestServer } from '../test-support/app-server.ts'
import { formFields, leadForm, samplePdf, siteOrigin, submitLead } from '../test-support/lead-forms.ts'

const dir = mkdtempSync(join(tmpdir(), 'tac-leads-hook-'))
let listener: Listener
let sandbox: Bitrix24Sandbox
let server: TestServer
let env: Record<string, string>

beforeAll(async () => {
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')]
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', ...subject, '-keyout', key, '-out', cert],
    {
      stdio: 'ignore',
    },
  )
  listener = await listen()
  sandbox = await startSandbox(listener.url, {
    tls: { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') },
  })
  env = {
    APP_URL: listener.url,
    APP_SECRET: 'test-app-secret-0123456789abcdef0123456789',
    BITRIX24_WEBHOOK_URL: sandbox.webhookUrl(1),
    BITRIX24_OUTGOING_WEBHOOK_TOKEN: 'outgoing-token-0123456789',
    STORE: 'sqlite',
    DATA_DIR: dir,
  }
  server = buildServer(env, {
    store: openSqliteStore({ file: join(dir, 'store.sqlite') }),
    bitrix24: { tlsCa: readFileSync(cert, 'utf8'), restrictionParams: { maxRetries: 1 } },
  })
  listener.use(server.app)
})
afterAll(async () => {
  await sandbox.close()
  await listener.close()
  await server.store.close()
  rmSync(dir, { recursive: true, force: true })
})

it('a site added with leads:site takes a submission that becomes a lead through the incoming webhook', async () => {
  const { site, endpoint } = await addLeadSite(
    ['--name', 'Сайт', '--origin', siteOrigin, '--assigned', '1', '--source', 'seed 004'],
    env,
  )
  expect(endpoint).toBe(`${listener.url}/api/leads/${site.key}`)
  const form = leadForm(formFields({ name: 'Вебхук Клиент' }), [{ name: 'Заявка.pdf', bytes: samplePdf }])
  const response = await submitLead(server.app, site.key, form)
  expect(response.status).toBe(202)
  await server.drain()

  const lead = sandbox.leads().find((l) => l['NAME'] === 'Вебхук Клиент')!
  expect(lead).toMatchObject({ SOURCE_ID: 'WEB', SOURCE_DESCRIPTION: 'seed 004' })
  const calls = sandbox.restLog().filter((e) => e.method === 'crm.lead.add')
  expect(calls.at(-1)).toMatchObject({ transport: 'webhook', status: 200 })
  expect(sandbox.restLog().find((e) => e.method === 'disk.storage.getforapp')?.error).toBe('WRONG_AUTH_TYPE')
  const comment = sandbox.timeline().find((t) => t.ENTITY_TYPE === 'lead' && t.ENTITY_ID === Number(lead.ID))
  expect(comment?.FILES).toEqual(['Заявка.pdf'])
})
