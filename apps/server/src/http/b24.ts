/**
 * @module The surface Bitrix24 calls: `/api/b24/install` (install path), `/api/b24/app` (handler path and
 * placements), `/api/b24/events` (event delivery) and `/api/b24/robot` (robot and business-process calls), plus
 * `/api/b24/portal-link`, where the app's own address opened outside the portal learns where to send the person.
 * Bodies are bracket-keyed forms; every handler parses,
 * calls one service and shapes the answer.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { ConflictError, ValidationError } from '../ports/errors.ts'
import type { Store } from '../ports/store.ts'
import { portalEntryUrl, type LinkConfig } from '../services/approvals/approval-links.ts'
import { processInbox, type InboxDeps } from '../services/event-inbox.ts'
import { installPortal, type InstallDeps } from '../services/install-portal.ts'
import { loadPortalRecord } from '../services/portal-records.ts'
import { receiveEvent, type IncomingEvent, type ReceiveEventDeps } from '../services/receive-event.ts'
import { processRobotCalls, receiveRobotCall, type RobotCallDeps } from '../services/robot/robot-calls.ts'
import {
  b24EventSchema,
  b24RobotSchema,
  frameQuerySchema,
  installPostSchema,
  memberIdSchema,
  type B24EventBody,
  type B24RobotBody,
} from './b24-schemas.ts'
import { appPage, b24jssdkBrowserBundle, frameAncestors, installPage } from './b24-pages.ts'
import { bracketForm, readFrameFields } from './form-body.ts'
import { validate } from './validate.ts'

/** What the Bitrix24 routes need. */
export interface B24RoutesDeps {
  store: Store
  /** App mode only: installing portals. */
  install: InstallDeps | undefined
  /** App or webhook mode: event intake; undefined when Bitrix24 is not configured. */
  events: ReceiveEventDeps | undefined
  inbox: InboxDeps
  /** App mode: robot and business-process action calls; undefined otherwise. */
  robot: RobotCallDeps | undefined
  /** Runs work after the answer (a background promise locally, `waitUntil` on Vercel). */
  defer: (work: Promise<unknown>) => void
  /** The SPA's index.html (built, or from a development server), or null. */
  spaIndex: () => string | null | Promise<string | null>
  /** What links into the portal are made from. */
  links: LinkConfig
}

function toAuth(auth: B24EventBody['auth']): IncomingEvent['auth'] {
  return {
    ...{ memberId: auth.member_id, applicationToken: auth.application_token, accessToken: auth.access_token },
    ...{ refreshToken: auth.refresh_token, expiresInSeconds: auth.expires_in, domain: auth.domain },
    ...{ serverEndpoint: auth.server_endpoint, userId: auth.user_id },
  }
}
/** Query of `GET /api/b24/portal-link`: the approval to open, if any. */
export const portalLinkQuerySchema = z.object({
  approval: z
    .string()
    .regex(/^[0-9A-Za-z]{1,40}$/)
    .optional(),
})

function toIncomingEvent(body: B24EventBody): IncomingEvent {
  return {
    ...{ event: body.event, eventHandlerId: body.event_handler_id, data: body.data, ts: body.ts },
    isCleanUninstall: String((body.data as { CLEAN?: unknown } | undefined)?.CLEAN ?? '0') === '1',
    auth: toAuth(body.auth),
  }
}

function toRobotCall(body: B24RobotBody) {
  return {
    ...{ memberId: body.auth.member_id, eventToken: body.event_token, workflowId: body.workflow_id },
    ...{ code: body.code, documentId: body.document_id, properties: body.properties },
    ...{ userId: body.auth.user_id, auth: toAuth(body.auth) },
  }
}

function isEventBody(body: z.output<typeof installPostSchema>): body is B24EventBody {
  return b24EventSchema.safeParse(body).success && typeof body['auth'] === 'object'
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ConflictError('BITRIX24_NOT_CONFIGURED', `${what} needs Bitrix24 to be configured`)
  return value
}

async function portalOrigin(store: Store, memberId: string | undefined): Promise<string | null> {
  if (!memberId || !memberIdSchema.safeParse(memberId).success) return null
  const record = await loadPortalRecord(store, memberId)
  return record ? new URL(record.value.clientEndpoint).origin : null
}

/** Creates the `/b24/*` routes (mounted under `/api`). */
export function createB24Routes(deps: B24RoutesDeps) {
  const afterAnswer = () => deps.defer(processInbox(deps.inbox))
  return new Hono()
    .post('/b24/events', bracketForm(b24EventSchema), async (c) => {
      const outcome = await receiveEvent(required(deps.events, 'Event intake'), toIncomingEvent(c.req.valid('form')))
      afterAnswer()
      return c.json({ result: outcome }, 200)
    })
    .post('/b24/robot', bracketForm(b24RobotSchema), async (c) => {
      const robot = required(deps.robot, 'A robot')
      const { approvalId, isNew } = await receiveRobotCall(robot, toRobotCall(c.req.valid('form')))
      deps.defer(processRobotCalls(robot))
      return c.json({ result: isNew ? 'accepted' : 'duplicate', approvalId }, 200)
    })
    .post('/b24/install', validate('query', frameQuerySchema.partial()), bracketForm(installPostSchema), async (c) => {
      const body = c.req.valid('form')
      if (isEventBody(body)) {
        const outcome = await receiveEvent(required(deps.events, 'Event intake'), toIncomingEvent(body))
        afterAnswer()
        return c.json({ result: outcome }, 200)
      }
      const domain = c.req.valid('query').DOMAIN
      if (!domain)
        throw new ValidationError('VALIDATION_FAILED', 'The install URL lacks DOMAIN', {
          details: [{ path: 'DOMAIN', message: 'Required' }],
        })
      const { record, bindings } = await installPortal(required(deps.install, 'Installing'), {
        memberId: body.member_id,
        domain,
        accessToken: body.AUTH_ID,
        refreshToken: body.REFRESH_ID,
        expiresInSeconds: body.AUTH_EXPIRES,
        serverEndpoint: body.SERVER_ENDPOINT,
        applicationToken: body.APPLICATION_TOKEN,
      })
      const result = { installed: true as const, memberId: record.memberId, domain: record.domain, ...bindings }
      c.header('Content-Security-Policy', frameAncestors(new URL(record.clientEndpoint).origin))
      return c.html(installPage(await deps.spaIndex(), result), 200)
    })
    .get('/b24/install', async (c) => {
      // Opened outside Bitrix24 (no frame POST): the page, which nothing but the portal's frame can use.
      c.header('Content-Security-Policy', frameAncestors(null))
      return c.html(appPage(await deps.spaIndex()), 200)
    })
    .on(['GET', 'POST'], '/b24/app', validate('query', z.object({ member_id: z.string().optional() })), async (c) => {
      const form = c.req.method === 'POST' ? await readFrameFields(c) : {}
      const memberId = typeof form['member_id'] === 'string' ? form['member_id'] : c.req.valid('query').member_id
      c.header('Content-Security-Policy', frameAncestors(await portalOrigin(deps.store, memberId)))
      return c.html(appPage(await deps.spaIndex()), 200)
    })
    .get('/b24/portal-link', validate('query', portalLinkQuerySchema), async (c) => {
      const url = await portalEntryUrl(deps.store, deps.links, c.req.valid('query').approval ?? null)
      return c.json({ url }, 200)
    })
    .get('/b24/b24jssdk.js', (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8')
      c.header('Cache-Control', 'public, max-age=3600')
      return c.body(b24jssdkBrowserBundle(), 200)
    })
}
