/**
 * @module Zod schemas of what Bitrix24 POSTs to the app, in Bitrix24's own field names: the frame POST of the
 * install and app pages, event deliveries and robot calls. Bodies are bracket-keyed forms (`http/form-body.ts`).
 */
import { z } from 'zod'

/** A portal's `member_id` (also the shape `tenantKey` accepts). */
export const memberIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a Bitrix24 member_id')

const token = z.string().min(1).max(512)

/** The query string Bitrix24 appends to the app URL (`DOMAIN`, `PROTOCOL`, `LANG`, `APP_SID`). */
export const frameQuerySchema = z.object({
  DOMAIN: z.string().min(1).max(255),
  PROTOCOL: z.enum(['0', '1']).optional(),
  LANG: z.string().max(16).optional(),
  APP_SID: z.string().max(64).optional(),
})

/** The frame POST body; `SERVER_ENDPOINT`, `APPLICATION_TOKEN`, `APPLICATION_SCOPE` may be absent. */
export const frameFormSchema = z.looseObject({
  AUTH_ID: token,
  AUTH_EXPIRES: z.coerce.number().int().positive().max(86_400).default(3600),
  REFRESH_ID: token,
  member_id: memberIdSchema,
  SERVER_ENDPOINT: z.string().max(512).optional(),
  APPLICATION_TOKEN: z.string().max(256).optional(),
  APPLICATION_SCOPE: z.string().max(1024).optional(),
  status: z.string().max(4).optional(),
  PLACEMENT: z.string().max(128).default('DEFAULT'),
  PLACEMENT_OPTIONS: z.string().max(8192).optional(),
})

/** The `auth` block of an event; only `member_id` is always present. */
export const eventAuthSchema = z.looseObject({
  member_id: memberIdSchema,
  application_token: z.string().max(256).optional(),
  access_token: token.optional(),
  refresh_token: token.optional(),
  expires_in: z.coerce.number().int().nonnegative().optional(),
  domain: z.string().max(255).optional(),
  server_endpoint: z.string().max(512).optional(),
  user_id: z.coerce.number().int().optional(),
})

/** An event delivery: `event`, `event_handler_id`, `data`, `ts`, `auth`. The code is upper-cased. */
export const b24EventSchema = z.object({
  event: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/, 'must be a Bitrix24 event code')
    .transform((code) => code.toUpperCase()),
  event_handler_id: z.string().max(32).optional(),
  data: z.unknown().optional(),
  ts: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional(),
  auth: eventAuthSchema,
})

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A robot or business-process action call (`CBPRestActivity`): `workflow_id`, `code`, `document_id[]`,
 * `document_type[]`, `event_token`, `properties[…]`, `use_subscription`, `timeout_duration`, `ts`, `auth[…]`.
 * `properties` that are not an object read as none, so the robot still gets an answer (`error`), not a 400.
 */
export const b24RobotSchema = z.object({
  workflow_id: z.string().min(1).max(128),
  code: z.string().regex(/^[a-zA-Z0-9._-]{1,128}$/, 'must be a robot code'),
  document_id: z.array(z.string().max(256)).min(1).max(3),
  document_type: z.array(z.string().max(256)).max(3).optional(),
  event_token: z.string().min(1).max(1024),
  properties: z.unknown().transform((value) => (isRecord(value) ? value : {})),
  use_subscription: z.string().max(1).optional(),
  timeout_duration: z.string().max(16).optional(),
  ts: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional(),
  auth: eventAuthSchema,
})

/** A validated robot call. */
export type B24RobotBody = z.output<typeof b24RobotSchema>

/** What the install path receives: the UI install page's frame POST or an API-only app's `ONAPPINSTALL`. */
export const installPostSchema = z.union([b24EventSchema, frameFormSchema])

/** A validated event. */
export type B24EventBody = z.output<typeof b24EventSchema>
