/**
 * @module The running portal: its state plus clock, addresses, knobs and logs. Every method module,
 * the OAuth server and the event dispatcher receive this one object.
 */
import type { PortalState } from './state.ts'

/** The leaky bucket of §3.8: `burstLimit` requests, drained by `drainRate` per second. */
export interface RateLimitOptions {
  burstLimit: number
  drainRate: number
}

/** A fault armed with `failNext`: the next `times` calls of a method answer with this error. */
export interface FaultRule {
  method: string
  status: number
  code: string
  description: string
  times: number
}

/**
 * An answer armed with `answerNext` or `refuseNext`: the next `times` calls of a method, inside a `batch` too,
 * answer `{ result }` (as legacy methods answer `false` for work they did not do) or refuse with `error`, without
 * running.
 */
export interface AnswerRule {
  method: string
  result?: unknown
  error?: { status: number; code: string; description: string }
  times: number
}

/** A delay armed with `delayNext`: the next `times` calls of a method wait `ms` before running. */
export interface DelayRule {
  method: string
  ms: number
  times: number
}

/**
 * How a random fault hits one REST request: `before` answers the error without running the method; `after`
 * runs the method and then answers the error (a gateway timeout), or with `status: 0` drops the connection,
 * so the caller cannot know whether the call took effect.
 */
export interface RandomFaultKind {
  when: 'before' | 'after'
  status: number
  code: string
}

/** Random faults armed with `failRandomly`: each REST request fails with probability `rate` (seeded, replayable). */
export interface RandomFaults {
  rate: number
  kinds: RandomFaultKind[]
  /** Methods (lower case) that never fail at random. */
  spared: string[]
  /** Draws the next number in [0, 1) of the seeded generator. */
  next: () => number
}

/** One REST call as the portal saw it (inspection and the portal UI's REST log page). */
export interface RestLogEntry {
  id: number
  at: string
  method: string
  transport: 'oauth' | 'webhook' | 'portal'
  userId: number | null
  status: number
  error: string | null
  params: unknown
  durationMs: number
}

/** One delivery attempt of an event or robot call (no retry, as in Bitrix24, §4.2). */
export interface DeliveryRecord {
  id: number
  at: string
  kind: 'event' | 'robot'
  event: string
  handler: string
  body: string
  status: number | null
  error: string | null
}

/** One request to the OAuth server's `/oauth/token/`. */
export interface OAuthLogEntry {
  at: string
  grantType: string
  status: number
  error: string | null
}

/** The portal's addresses; fixed once the server listens. */
export interface PortalUrls {
  /** `http://127.0.0.1:8788` */
  portal: string
  /** `127.0.0.1:8788`: `DOMAIN` as Bitrix24 sends it (host with port). */
  domain: string
  /** Base of the trusted OAuth server (`server_endpoint` minus `/rest/`). */
  oauthServer: string
}

/**
 * Deliveries armed with `loseNextDeliveries` to be lost: the next `times` online deliveries of `event` (or `*`)
 * never reach their handler, as when Bitrix24's queue server fails to deliver and, as documented, never retries.
 */
export interface LossRule {
  event: string
  times: number
}

/** Knobs that tests may change while the sandbox runs. */
export interface PortalKnobs {
  tokenTtlSeconds: number
  refreshTokenTtlSeconds: number
  rateLimit: RateLimitOptions | false
  faults: FaultRule[]
  answers: AnswerRule[]
  delays: DelayRule[]
  losses: LossRule[]
  randomFaults: RandomFaults | null
  /** Send `SERVER_ENDPOINT`, `APPLICATION_TOKEN`, `APPLICATION_SCOPE` in the frame POST (§1.2 knob). */
  frameSendsAppFields: boolean
  /** Include `refresh_token` in ordinary events (§4.3 knob; off by default). */
  eventsIncludeRefreshToken: boolean
  /** Timeout of one event/robot delivery in milliseconds. */
  deliveryTimeoutMs: number
}

/** The running portal shared by all modules. */
export interface Portal {
  state: PortalState
  now: () => number
  urls: PortalUrls
  knobs: PortalKnobs
  restLog: RestLogEntry[]
  deliveries: DeliveryRecord[]
  oauthLog: OAuthLogEntry[]
  /** Delivery promises still in flight (awaited by `flushEvents`). */
  pending: Set<Promise<void>>
  /** Persists the state when a snapshot file is configured; a no-op otherwise. */
  persist: () => void
  /** Writes a pending snapshot now (on close). */
  flushSnapshot: () => void
}

/** Scope string of the local application (`crm,task,…`). */
export function appScope(portal: Portal): string {
  return portal.state.app.scope.join(',')
}

/** `client_endpoint`: the portal REST root with a trailing slash. */
export function clientEndpoint(portal: Portal): string {
  return `${portal.urls.portal}/rest/`
}

/** `server_endpoint`: the OAuth server REST root with a trailing slash. */
export function serverEndpoint(portal: Portal): string {
  return `${portal.urls.oauthServer}/rest/`
}
