/**
 * @module The method table and the one entry point that runs a method for a caller: lookup
 * (case-insensitive names, §3.1), scope, application-context and administrator checks.
 */
import type { Portal } from '../portal.ts'
import type { UserRecord } from '../state.ts'
import type { MethodOutcome } from './envelope.ts'
import type { Params } from './params.ts'
import { RestError, methodNotFound } from './rest-error.ts'
import { takeAnswer } from './faults.ts'

/** Who is calling: an app token, an incoming webhook, or the portal UI itself acting as a user. */
export interface CallAuth {
  transport: 'oauth' | 'webhook' | 'portal'
  userId: number
  scope: string[]
}

/** Everything a method handler receives. */
export interface MethodCall {
  portal: Portal
  params: Params
  user: UserRecord
  auth: CallAuth
  /** Runs another method as the same caller (used by `batch`). */
  invoke: (method: string, params: Params) => Promise<MethodOutcome>
}

/** One emulated REST method. */
export interface MethodDefinition {
  /** Scope the caller needs; null for `basic` methods available to every app. */
  scope: string | null
  /** Administrator only (otherwise 403 `ACCESS_DENIED`). */
  adminOnly?: boolean
  /**
   * Application context only: webhooks get 403 `WRONG_AUTH_TYPE` (§2.6), or the method's own documented
   * refusal (`bizproc.*`: `ACCESS_DENIED` "Application context required").
   */
  appOnly?: boolean | { status: number; code: string; description: string }
  /** Not allowed inside `batch` (405 `ERROR_BATCH_METHOD_NOT_ALLOWED`, §3.7). */
  notInBatch?: boolean
  handler: (call: MethodCall) => MethodOutcome | Promise<MethodOutcome>
}

/** Method name (lower case) → definition. */
export type MethodTable = Record<string, MethodDefinition>

/** Normalises a method name from a URL: lower case, `.json` suffix dropped. */
export function normaliseMethodName(raw: string): string {
  return raw.toLowerCase().replace(/\.json$/, '')
}

function checkAccess(def: MethodDefinition, user: UserRecord, auth: CallAuth): void {
  if (def.scope && auth.transport !== 'portal' && !auth.scope.includes(def.scope)) {
    throw new RestError(
      403,
      'insufficient_scope',
      'The request requires higher privileges than provided by the access token',
    )
  }
  if (def.appOnly && auth.transport === 'webhook') {
    if (typeof def.appOnly === 'object')
      throw new RestError(def.appOnly.status, def.appOnly.code, def.appOnly.description)
    throw new RestError(403, 'WRONG_AUTH_TYPE', 'Current authorization type is denied for this method')
  }
  if (def.adminOnly && !user.IS_ADMIN) throw new RestError(403, 'ACCESS_DENIED', 'Access denied!')
}

/** Finds the user behind a call; an unknown or dismissed user cannot call (401 `NO_AUTH_FOUND`). */
export function callerOf(portal: Portal, userId: number): UserRecord {
  const user = portal.state.users.find((u) => u.ID === userId && u.ACTIVE)
  if (!user) throw new RestError(401, 'NO_AUTH_FOUND', 'Wrong authorization data')
  return user
}

/** Runs one method for a caller. Throws `RestError` for every refusal. */
export async function invokeMethod(
  portal: Portal,
  methods: MethodTable,
  name: string,
  params: Params,
  auth: CallAuth,
  insideBatch = false,
): Promise<MethodOutcome> {
  const def = methods[normaliseMethodName(name)]
  if (!def) throw methodNotFound()
  if (insideBatch && def.notInBatch) {
    throw new RestError(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage')
  }
  const user = callerOf(portal, auth.userId)
  checkAccess(def, user, auth)
  const answer = takeAnswer(portal, normaliseMethodName(name))
  if (answer) return answer
  const invoke = (method: string, sub: Params) => invokeMethod(portal, methods, method, sub, auth, true)
  const outcome = await def.handler({ portal, params, user, auth, invoke })
  portal.persist()
  return outcome
}
