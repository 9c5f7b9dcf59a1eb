/**
 * @module The handle returned by `createBitrix24Sandbox`: URLs and credentials, inspection, knobs,
 * test helpers and the install handshake the portal UI drives.
 */
import { randomBytes } from 'node:crypto'
import type { ServerType } from '@hono/node-server'
import {
  finishInstall,
  installApiOnly,
  markFirstRunDone,
  openApplication,
  reAddApplication,
  refreshFrameAuth,
  uninstallApplication,
  type FrameLaunch,
  type LaunchOptions,
  type LaunchRefusal,
} from './install.ts'
import type {
  DeliveryRecord,
  OAuthLogEntry,
  Portal,
  RandomFaultKind,
  RateLimitOptions,
  RestLogEntry,
} from './portal.ts'
import { defaultRandomFaultKinds, seededRandom } from './rest/faults.ts'
import type { Params } from './rest/params.ts'
import type { LeakyBucket } from './rest/rate-limit.ts'
import { invokeMethod, type MethodTable } from './rest/registry.ts'
import { placeRobot, type RobotPlacement } from './robots.ts'
import { nextId } from './state.ts'
import type {
  CrmRecord,
  NotificationRecord,
  OfflineEventRecord,
  RobotRunRecord,
  TaskCommentRecord,
  TaskRecord,
  TimelineCommentRecord,
} from './state.ts'
import { expireAccessTokens, issueTokens, type TokenResponse } from './tokens.ts'

/** A fault to arm with `failNext`. */
export interface FaultOptions {
  status: number
  code: string
  description?: string
  times?: number
}

/** Random faults to arm with `failRandomly`. */
export interface RandomFaultOptions {
  /** Share of REST requests that fail, 0…1. */
  rate: number
  /** Seed of the generator, so a run can be replayed. */
  seed: number
  /** What may happen; by default 503 and 500 before the method runs, 504 and a dropped connection after it ran. */
  kinds?: RandomFaultKind[]
  /** Methods that never fail at random (a read the test does not exercise); none by default. */
  spare?: string[]
}

/** The running sandbox portal. */
export interface Bitrix24Sandbox {
  /** Portal base, e.g. `http://127.0.0.1:8788`. */
  url: string
  /** `client_endpoint`: `${url}/rest/`. */
  restUrl: string
  /** The trusted OAuth server base (for `BITRIX24_OAUTH_SERVERS`); its `server_endpoint` is `${oauthServerUrl}/rest/`. */
  oauthServerUrl: string
  /** The local application registered in the portal. */
  app: { clientId: string; clientSecret: string; readonly applicationToken: string }
  memberId: string
  /** `DOMAIN` as the portal sends it: host with port. */
  domain: string
  /** The running portal (state and knobs) for the portal UI. */
  portal: Portal
  events(): DeliveryRecord[]
  robotCalls(): DeliveryRecord[]
  restLog(): RestLogEntry[]
  /** Requests to `/oauth/token/` (refreshes and code exchanges). */
  oauthLog(): OAuthLogEntry[]
  tasks(): TaskRecord[]
  comments(): TaskCommentRecord[]
  notifications(): NotificationRecord[]
  timeline(): TimelineCommentRecord[]
  deals(): CrmRecord[]
  leads(): CrmRecord[]
  offlineEvents(): OfflineEventRecord[]
  robotRuns(): RobotRunRecord[]
  setTokenTtl(seconds: number): void
  /** Ends every access token issued so far (the portal answers `expired_token`); refresh tokens keep working. */
  expireAccessTokens(): void
  setRateLimit(limit: RateLimitOptions | false): void
  /** The next `times` (default 1) calls of `method` (or `*`) fail with this status and code. */
  failNext(method: string, fault: FaultOptions): void
  /**
   * The next `times` (default 1) calls of `method` (or `*`), in a `batch` too, answer `{ result }` without
   * running (e.g. `false`, as a legacy method answers for work it did not do).
   */
  answerNext(method: string, result: unknown, times?: number): void
  /** The next `times` (default 1) calls of `method` (or `*`), in a `batch` too, refuse with this error unrun. */
  refuseNext(method: string, fault: FaultOptions): void
  /** The next `times` (default 1) calls of `method` (or `*`) wait `ms` first. */
  delayNext(method: string, ms: number, times?: number): void
  /** Makes a share of all REST requests fail at random (one draw per HTTP request); `false` stops it. */
  failRandomly(options: RandomFaultOptions | false): void
  /** A fresh token pair for a user, as the app would get it from a frame or event. */
  issueTokens(userId?: number): TokenResponse
  /** Installs the app as admin `userId`: POSTs the §1.2 fields to the install path (unless `openInstallPage: false`), then `installFinish`. */
  install(options?: { userId?: number; openInstallPage?: boolean; apiOnly?: boolean }): Promise<void>
  /** Uninstalls the app (`ONAPPUNINSTALL` with `CLEAN`). */
  uninstall(options?: { clean?: boolean }): void
  /** Creates an outgoing webhook (§4.7) for these events and returns its application token. */
  addOutgoingWebhook(handler: string, events: string[]): string
  /** Creates an incoming webhook for a user and returns its URL `${url}/rest/<userId>/<code>/`. */
  webhookUrl(userId?: number, scope?: string[]): string
  openApplication(userId: number, options?: LaunchOptions): FrameLaunch | LaunchRefusal
  refreshFrameAuth(userId: number): { AUTH_ID: string; AUTH_EXPIRES: string; REFRESH_ID: string }
  finishInstall(userId: number): boolean
  markFirstRunDone(userId: number): void
  setUserOption(userId: number, name: string, value: unknown): void
  setAppOption(name: string, value: unknown): void
  /** Runs a REST method as a portal user (the portal UI's own actions); events and robots fire as usual. */
  callAsUser(userId: number, method: string, params?: Params): Promise<unknown>
  /** Places the app's robot on a deal stage (the pipeline's automation settings). */
  placeRobot(placement: RobotPlacement): void
  /** Waits until every event and robot delivery in flight has finished. */
  flushEvents(): Promise<void>
  close(): Promise<void>
}

async function postInstallPage(portal: Portal, userId: number): Promise<void> {
  const launch = openApplication(portal, userId)
  if (typeof launch === 'string') throw new Error(`The install page cannot be opened: ${launch}`)
  const response = await fetch(launch.actionUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(launch.fields).toString(),
  })
  await response.body?.cancel()
  if (!response.ok) throw new Error(`The app's install page answered HTTP ${response.status}`)
}

function inspection(portal: Portal) {
  const s = () => portal.state
  return {
    events: () => portal.deliveries.filter((d) => d.kind === 'event'),
    robotCalls: () => portal.deliveries.filter((d) => d.kind === 'robot'),
    restLog: () => portal.restLog,
    oauthLog: () => portal.oauthLog,
    tasks: () => s().tasks,
    comments: () => s().taskComments,
    notifications: () => s().notifications,
    timeline: () => s().timeline,
    deals: () => s().deals,
    leads: () => s().leads,
    offlineEvents: () => s().offlineEvents,
    robotRuns: () => s().robotRuns,
  }
}

function knobs(portal: Portal, bucket: LeakyBucket) {
  return {
    setTokenTtl: (seconds: number) => void (portal.knobs.tokenTtlSeconds = seconds),
    expireAccessTokens: () => expireAccessTokens(portal),
    setRateLimit: (limit: RateLimitOptions | false) => {
      portal.knobs.rateLimit = limit
      bucket.reset()
    },
    failNext: (method: string, fault: FaultOptions) =>
      void portal.knobs.faults.push({
        method: method.toLowerCase(),
        status: fault.status,
        code: fault.code,
        description: fault.description ?? fault.code,
        times: fault.times ?? 1,
      }),
    answerNext: (method: string, result: unknown, times = 1) =>
      void portal.knobs.answers.push({ method: method.toLowerCase(), result, times }),
    refuseNext: (method: string, fault: FaultOptions) => {
      const error = { status: fault.status, code: fault.code, description: fault.description ?? fault.code }
      portal.knobs.answers.push({ method: method.toLowerCase(), error, times: fault.times ?? 1 })
    },
    delayNext: (method: string, ms: number, times = 1) =>
      void portal.knobs.delays.push({ method: method.toLowerCase(), ms, times }),
    failRandomly: (options: RandomFaultOptions | false) => {
      portal.knobs.randomFaults = options
        ? {
            rate: options.rate,
            kinds: options.kinds ?? defaultRandomFaultKinds,
            spared: (options.spare ?? []).map((method) => method.toLowerCase()),
            next: seededRandom(options.seed),
          }
        : null
    },
  }
}

function handshake(portal: Portal) {
  return {
    openApplication: (userId: number, options?: LaunchOptions) => openApplication(portal, userId, options),
    refreshFrameAuth: (userId: number) => refreshFrameAuth(portal, userId),
    finishInstall: (userId: number) => finishInstall(portal, userId),
    markFirstRunDone: (userId: number) => markFirstRunDone(portal, userId),
    setUserOption: (userId: number, name: string, value: unknown) => {
      const options = (portal.state.userOptions[String(userId)] ??= {})
      options[name] = value
      portal.persist()
    },
    setAppOption: (name: string, value: unknown) => {
      portal.state.appOptions[name] = value
      portal.persist()
    },
    async install(options: { userId?: number; openInstallPage?: boolean; apiOnly?: boolean } = {}) {
      const userId = options.userId ?? 1
      reAddApplication(portal)
      if (options.apiOnly) return installApiOnly(portal, userId)
      if (options.openInstallPage !== false) await postInstallPage(portal, userId)
      finishInstall(portal, userId)
    },
    uninstall: (options: { clean?: boolean } = {}) => uninstallApplication(portal, { clean: options.clean ?? true }),
  }
}

/** Builds the handle over a listening portal. */
export function createSandboxHandle(
  portal: Portal,
  methods: MethodTable,
  bucket: LeakyBucket,
  server: ServerType,
): Bitrix24Sandbox {
  return {
    url: portal.urls.portal,
    restUrl: `${portal.urls.portal}/rest/`,
    oauthServerUrl: portal.urls.oauthServer,
    app: {
      clientId: portal.state.app.clientId,
      clientSecret: portal.state.app.clientSecret,
      get applicationToken() {
        return portal.state.app.applicationToken
      },
    },
    memberId: portal.state.memberId,
    domain: portal.urls.domain,
    portal,
    ...inspection(portal),
    ...knobs(portal, bucket),
    ...handshake(portal),
    issueTokens: (userId = 1) => issueTokens(portal, userId),
    addOutgoingWebhook(handler, events) {
      const applicationToken = randomBytes(16).toString('hex').slice(0, 32)
      const id = nextId(portal.state, 'eventBinding')
      portal.state.outgoingWebhooks.push({ id, handler, events: events.map((e) => e.toUpperCase()), applicationToken })
      portal.persist()
      return applicationToken
    },
    webhookUrl(userId = 1, scope = portal.state.app.scope) {
      const code = randomBytes(8).toString('hex')
      portal.state.webhooks.push({ userId, code, scope: [...scope] })
      portal.persist()
      return `${portal.urls.portal}/rest/${userId}/${code}/`
    },
    async callAsUser(userId, method, params = {}) {
      const auth = { transport: 'portal' as const, userId, scope: portal.state.app.scope }
      return (await invokeMethod(portal, methods, method, params, auth)).result
    },
    placeRobot: (placement) => placeRobot(portal, placement),
    async flushEvents() {
      while (portal.pending.size > 0) await Promise.all([...portal.pending])
    },
    async close() {
      await Promise.all([...portal.pending])
      portal.flushSnapshot()
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    },
  }
}
