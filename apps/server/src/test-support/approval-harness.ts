/**
 * @module Test harness (imported by tests and benches only): an installed sandbox portal and the app server built through
 * the composition root, with helpers to call the approval API as any portal user and to run the cron tick.
 */
import type { Bitrix24Sandbox } from '../../../sandbox/src/bitrix24/index.ts'
import type { AppDeps } from '../app.ts'
import type { Clock } from '../ports/clock.ts'
import type { Store } from '../ports/store.ts'
import { parseConfig } from '../config.ts'
import { buildGraph, type AppGraph } from '../wiring/graph.ts'
import { buildServer, listen, oauthEnv, startSandbox, type Listener, type TestServer } from './app-server.ts'

/** A clock the test moves by hand (starts at the real time). */
export function manualClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let now = start
  return { now: () => now, advance: (ms) => void (now += ms) }
}

/** The tasks the app created in the sandbox for one approval (their description links to it). */
export function approvalTasks(sandbox: Bitrix24Sandbox, approvalId: string) {
  return sandbox.tasks().filter((t) => t.DESCRIPTION.includes(`approval%5D=${approvalId}`))
}

/**
 * Every notification about one approval: the app's own (`im.notify.system.add`, linking to it) and the notices
 * Bitrix24 itself sends the responsible person of each of its tasks.
 */
export function approvalNotices(sandbox: Bitrix24Sandbox, approvalId: string) {
  const taskLinks = approvalTasks(sandbox, approvalId).map((t) => `/tasks/task/view/${t.ID}/`)
  return sandbox
    .notifications()
    .filter((n) => n.MESSAGE.includes(`approval%5D=${approvalId}`) || taskLinks.some((l) => n.MESSAGE.includes(l)))
}

/** A parsed JSON answer (untyped on purpose: tests read deep fields). */
export type JsonBody = Awaited<ReturnType<Response['json']>>

/** A running portal + app for approval tests. */
export interface ApprovalHarness {
  sandbox: Bitrix24Sandbox
  server: TestServer
  listener: Listener
  /** Calls the SPA API as `userId`; returns the status and the parsed JSON body. */
  api(userId: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: JsonBody }>
  /** Calls the SPA API as `userId` and returns the raw response (file downloads). */
  request(userId: number, path: string): Promise<Response>
  /** Runs the cron tick through the HTTP route. */
  tick(): Promise<{ status: number; body: JsonBody }>
  /** Waits for the work the routes (and the {@link ApprovalHarness.graph} instance) deferred. */
  drain(): Promise<void>
  /**
   * The object graph of a second app instance over the same store and configuration (built on first use), for
   * services no route reaches yet, such as the CRM entry consumer.
   */
  graph(): AppGraph
  /** Adds active users to the sandbox portal (department 2 by default) and returns their ids. */
  addUsers(count: number, departmentId?: number): number[]
  close(): Promise<void>
}

/** Adds `count` people (department `departmentId`) to a sandbox portal; returns their ids. */
export function addPortalUsers(sandbox: Bitrix24Sandbox, count: number, departmentId = 2): number[] {
  const users = sandbox.portal.state.users
  const ids: number[] = []
  for (let i = 0; i < count; i += 1) {
    const id = Math.max(...users.map((u) => u.ID)) + 1
    users.push({
      ...users[0]!,
      ID: id,
      NAME: `Тест${id}`,
      LAST_NAME: 'Согласующий',
      EMAIL: `u${id}@x.example`,
      IS_ADMIN: false,
      UF_DEPARTMENT: [departmentId],
    })
    ids.push(id)
  }
  return ids
}

/** Starts a sandbox portal, installs the app into it, and returns the harness. */
export async function startApprovalHarness(
  options: {
    clock?: Clock
    store?: Store
    env?: Record<string, string>
    bitrix24?: AppDeps['bitrix24']
    onCrmEntry?: AppDeps['onCrmEntry']
    /** The built SPA's index.html, for browser tests (default: none). */
    spaIndexFile?: string
    leadLimits?: AppDeps['leadLimits']
  } = {},
): Promise<ApprovalHarness> {
  const listener = await listen()
  const sandbox = await startSandbox(listener.url)
  const env = { ...oauthEnv(sandbox, listener.url), CRON_SECRET: 'cron-secret-0123456789', ...options.env }
  const bitrix24 = options.bitrix24 ?? { restrictionParams: { maxRetries: 1 } }
  const { clock, store, onCrmEntry, spaIndexFile } = options
  const server = buildServer(env, {
    ...{ clock, store, bitrix24, leadLimits: options.leadLimits },
    ...(onCrmEntry ? { onCrmEntry } : {}),
    ...(spaIndexFile ? { spaIndexFile } : {}),
  })
  listener.use(server.app)
  await sandbox.install({ userId: 1 })
  await sandbox.flushEvents()
  await server.drain()
  const pending: Promise<unknown>[] = []
  let graph: AppGraph | undefined
  const drain = async () => {
    await server.drain()
    while (pending.length > 0) await Promise.all(pending.splice(0))
  }
  const tokens = new Map<number, string>()
  const tokenOf = (userId: number) => {
    if (!tokens.has(userId)) tokens.set(userId, sandbox.issueTokens(userId).access_token)
    return tokens.get(userId)!
  }
  return {
    sandbox,
    server,
    listener,
    async api(userId, method, path, body) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${tokenOf(userId)}`,
        'x-b24-member-id': sandbox.memberId,
      }
      if (body !== undefined) headers['content-type'] = 'application/json'
      const init = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }
      const response = await server.app.request(path, init)
      return { status: response.status, body: await response.json() }
    },
    request(userId, path) {
      const headers = { authorization: `Bearer ${tokenOf(userId)}`, 'x-b24-member-id': sandbox.memberId }
      return Promise.resolve(server.app.request(path, { headers }))
    },
    async tick() {
      const response = await server.app.request('/api/cron/tick', {
        method: 'POST',
        headers: { authorization: `Bearer ${env.CRON_SECRET}` },
      })
      return { status: response.status, body: await response.json() }
    },
    drain,
    graph() {
      const config = parseConfig(env)
      const deps = {
        store: server.store,
        clock: options.clock,
        bitrix24,
        defer: (w: Promise<unknown>) => void pending.push(w),
      }
      return (graph ??= buildGraph({ ...deps, config: { ...config, appSecret: config.appSecret! } }))
    },
    addUsers: (count, departmentId) => addPortalUsers(sandbox, count, departmentId),
    async close() {
      await sandbox.close()
      await listener.close()
      await server.store.close()
    },
  }
}

/** Makes every hour a working hour in UTC (as admin user 1), so timer tests count plain hours. */
export async function useRoundTheClockCalendar(h: ApprovalHarness): Promise<void> {
  const settings = (await h.api(1, 'GET', '/api/app/settings')).body.settings
  const calendar = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24, holidays: [] }
  const res = await h.api(1, 'PUT', '/api/app/settings', { ...settings, calendar })
  if (res.status !== 200) throw new Error(`settings refused: ${JSON.stringify(res.body)}`)
}
