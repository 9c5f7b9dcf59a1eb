/**
 * Crash recovery: a process killed between committing a decision and running its side effects; after a
 * restart the cron tick completes them exactly once (the test really kills a child process).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bitrix24Sandbox } from '../../../../sandbox/src/bitrix24/index.ts'
import { openSqliteStore } from '../../adapters/store/sqlite/sqlite-store.ts'
import { buildServer, listen, oauthEnv, startSandbox, type Listener } from '../../test-support/app-server.ts'
import { manualClock } from '../../test-support/approval-harness.ts'

const dir = mkdtempSync(join(tmpdir(), 'outbox-crash-'))
const file = join(dir, 'store.sqlite')
const childFile = fileURLToPath(new URL('../../test-support/outbox-crash-child.ts', import.meta.url))
let listener: Listener
let sandbox: Bitrix24Sandbox
let env: Record<string, string>

beforeAll(async () => {
  listener = await listen()
  sandbox = await startSandbox(listener.url)
  env = oauthEnv(sandbox, listener.url)
})
afterAll(async () => {
  await sandbox.close()
  await listener.close()
  rmSync(dir, { recursive: true, force: true })
})

/**
 * Runs the child and waits for it to end; `killWhen`, polled every 10 ms, lets the test kill it with SIGKILL at
 * the moment something has happened (rather than after a guessed time, which a loaded machine stretches).
 */
function runChild(
  input: unknown,
  killWhen?: () => boolean,
): Promise<{ stdout: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childFile, JSON.stringify(input)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const watch = killWhen && setInterval(() => void (killWhen() && child.kill('SIGKILL')), 10)
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()))
    child.on('error', reject)
    child.on('close', (_code, signal) => {
      clearInterval(watch)
      resolve({ stdout, signal })
    })
  })
}

const json = { 'content-type': 'application/json' }

describe('a killed process', () => {
  it('completes the side effects of its committed decision after a restart', { timeout: 60_000 }, async () => {
    const first = buildServer(env, { store: openSqliteStore({ file }) })
    listener.use(first.app)
    await sandbox.install({ userId: 1 })
    await sandbox.flushEvents()
    await first.drain()
    const auth = (userId: number, token: string) => ({
      ...json,
      authorization: `Bearer ${token}`,
      'x-b24-member-id': sandbox.memberId,
    })
    const initiatorToken = sandbox.issueTokens(3).access_token
    const deal = { kind: 'deal', id: 2 }
    const body = JSON.stringify({
      title: 'До сбоя',
      stages: [{ approverIds: [2, 6], rule: { kind: 'all' } }],
      subject: deal,
    })
    const created = await first.app.request('/api/app/approvals', {
      method: 'POST',
      headers: auth(3, initiatorToken),
      body,
    })
    expect(created.status).toBe(201)
    const approvalId = (await created.json()).approval.id as string
    const approverToken = sandbox.issueTokens(2).access_token
    expect((await first.app.request('/api/app/me', { headers: auth(2, approverToken) })).status).toBe(200)
    await first.drain()
    await sandbox.flushEvents()
    await first.drain()
    await first.store.close()
    const task = sandbox.tasks().find((t) => t.RESPONSIBLE_ID === 2 && t.DESCRIPTION.includes(approvalId))!
    expect(task.STATUS).toBe(2)
    const notesBefore = sandbox.notifications().length

    const child = await runChild({ env, file, token: approverToken, memberId: sandbox.memberId, approvalId })
    expect(child.signal).toBe('SIGKILL')
    expect(child.stdout).toContain('status 200')
    // The decision is committed, but none of its side effects ran.
    expect(sandbox.comments().filter((c) => c.TASK_ID === task.ID)).toHaveLength(0)
    expect(sandbox.tasks().find((t) => t.ID === task.ID)!.STATUS).toBe(2)
    expect(sandbox.notifications()).toHaveLength(notesBefore)

    const clock = manualClock(Date.now() + 60_000)
    const restarted = buildServer(
      { ...env, CRON_SECRET: 'cron-secret-0123456789' },
      { store: openSqliteStore({ file }), clock },
    )
    listener.use(restarted.app)
    const tick = await restarted.app.request('/api/cron/tick', {
      headers: { authorization: 'Bearer cron-secret-0123456789' },
    })
    expect(tick.status).toBe(200)
    await restarted.drain()
    expect((await tick.json()).tick.outbox).toMatchObject({ claimed: 1, done: 1 })
    const comments = sandbox.comments().filter((c) => c.TASK_ID === task.ID)
    expect(comments.map((c) => c.POST_MESSAGE)).toEqual([expect.stringContaining('Согласовано перед сбоем')])
    expect(sandbox.tasks().find((t) => t.ID === task.ID)!.STATUS).toBe(5)
    const toInitiator = sandbox.notifications().filter((n) => n.USER_ID === 3 && n.MESSAGE.includes(approvalId))
    expect(toInitiator).toHaveLength(1)
    // A second tick finds nothing left to do and repeats nothing.
    clock.advance(60_000)
    await restarted.app.request('/api/cron/tick', { headers: { authorization: 'Bearer cron-secret-0123456789' } })
    await restarted.drain()
    expect(sandbox.comments().filter((c) => c.TASK_ID === task.ID)).toHaveLength(1)
    await sandbox.flushEvents()
    await restarted.drain()
    await restarted.store.close()
  })

  it(
    'resumes the write-backs of a worker killed in the middle of its run within 30 s',
    { timeout: 60_000 },
    async () => {
      // The portal was installed into `file` by the test above.
      const first = buildServer(env, { store: openSqliteStore({ file }) })
      listener.use(first.app)
      const auth = (token: string) => ({
        ...json,
        authorization: `Bearer ${token}`,
        'x-b24-member-id': sandbox.memberId,
      })
      const body = JSON.stringify({
        title: 'Сбой посреди записи',
        stages: [{ approverIds: [2], rule: { kind: 'all' } }],
      })
      const created = await first.app.request('/api/app/approvals', {
        method: 'POST',
        headers: auth(sandbox.issueTokens(3).access_token),
        body,
      })
      expect(created.status).toBe(201)
      const approvalId = (await created.json()).approval.id as string
      const approverToken = sandbox.issueTokens(2).access_token
      expect((await first.app.request('/api/app/me', { headers: auth(approverToken) })).status).toBe(200)
      await first.drain()
      await first.store.close()
      const task = sandbox.tasks().find((t) => t.RESPONSIBLE_ID === 2 && t.DESCRIPTION.includes(approvalId))!
      // The child's write-back batch hangs for 2 s and then fails, so the dead worker leaves nothing behind in the
      // portal, only its outbox lease in the store.
      sandbox.delayNext('batch', 2_000)
      sandbox.failNext('batch', { status: 503, code: 'QUERY_LIMIT_EXCEEDED' })
      // Killed as soon as its batch has reached the portal (the armed delay is taken on arrival); the child's own
      // kill after 15 s is only a backstop.
      const child = await runChild(
        { env, file, token: approverToken, memberId: sandbox.memberId, approvalId, killAfterMs: 15_000 },
        () => sandbox.portal.knobs.delays.length === 0,
      )
      const killedAt = Date.now()
      expect(child.signal).toBe('SIGKILL')
      expect(child.stdout).toContain('status 200')
      await new Promise((resolve) => setTimeout(resolve, 2_500))
      expect(sandbox.comments().filter((c) => c.TASK_ID === task.ID)).toHaveLength(0)

      // 25 s after the crash, by the clock of the restarted instance and of its store.
      const clock = manualClock(killedAt + 25_000)
      const restarted = buildServer(
        { ...env, CRON_SECRET: 'cron-secret-0123456789' },
        { store: openSqliteStore({ file, now: clock.now }), clock },
      )
      listener.use(restarted.app)
      const tick = await restarted.app.request('/api/cron/tick', {
        headers: { authorization: 'Bearer cron-secret-0123456789' },
      })
      expect(tick.status).toBe(200)
      await restarted.drain()
      expect((await tick.json()).tick.outbox).toMatchObject({ claimed: 1, done: 1 })
      expect(sandbox.comments().filter((c) => c.TASK_ID === task.ID)).toHaveLength(1)
      expect(sandbox.tasks().find((t) => t.ID === task.ID)!.STATUS).toBe(5)
      await restarted.store.close()
    },
  )
})
