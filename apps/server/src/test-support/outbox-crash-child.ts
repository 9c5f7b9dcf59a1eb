/**
 * @module Child process of `outbox-crash.integration.test.ts` (not a test): builds the app over the shared SQLite file,
 * records one decision through the SPA API, prints the HTTP status and kills itself with SIGKILL, the way a crashed
 * or evicted instance would stop: at once, before the decision's side effects can run, or after `killAfterMs`,
 * in the middle of their run (holding the approval's outbox lease).
 */
import { writeSync } from 'node:fs'
import { openSqliteStore } from '../adapters/store/sqlite/sqlite-store.ts'
import { createApp } from '../app.ts'
import { parseConfig } from '../config.ts'

const input = JSON.parse(process.argv[2] ?? '{}') as {
  env: Record<string, string>
  file: string
  token: string
  memberId: string
  approvalId: string
  killAfterMs?: number
}
const config = parseConfig(input.env)
const app = createApp({
  config: { ...config, appSecret: config.appSecret! },
  store: openSqliteStore({ file: input.file }),
  defer: (work) => void work.catch((error: unknown) => console.error(error)),
})
const response = await app.request(`/api/app/approvals/${input.approvalId}/decision`, {
  method: 'POST',
  headers: {
    authorization: `Bearer ${input.token}`,
    'x-b24-member-id': input.memberId,
    'content-type': 'application/json',
  },
  body: JSON.stringify({ response: 'approve', comment: 'Согласовано перед сбоем' }),
})
// Synchronous write and kill: no timer or I/O callback (the outbox run) gets a turn in between, unless asked to.
writeSync(1, `status ${response.status}\n`)
if (input.killAfterMs !== undefined) await new Promise((resolve) => setTimeout(resolve, input.killAfterMs))
process.kill(process.pid, 'SIGKILL')
