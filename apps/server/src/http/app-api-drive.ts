/**
 * @module Where the form's attachments can come from besides an upload (issue 21), read with the user's own
 * token so they see only what Bitrix24 lets them see: `GET /api/app/drive` (the Drive picker: their storages, a
 * storage's root with `?storage=`, a folder with `?folder=`) and `GET /api/app/subjects/:kind/:id/files` (the
 * files in a deal's or lead's timeline). A chosen file is named by its Drive id in `driveFiles` when starting.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { DrivePlace } from '../ports/portal-files.ts'
import type { PortalDirectory } from '../services/portal-directory.ts'
import type { AppApiEnv } from './app-auth.ts'
import { subjectParamSchema } from './app-api-subjects.ts'
import { validate } from './validate.ts'

const driveId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)

/** Query of `GET /api/app/drive`: at most one of `storage` and `folder`; neither lists the storages. */
export const driveQuerySchema = z
  .object({ storage: driveId.optional(), folder: driveId.optional() })
  .refine((q) => q.storage === undefined || q.folder === undefined, {
    message: 'Give a storage or a folder, not both',
    path: ['folder'],
  })

function placeOf(query: z.output<typeof driveQuerySchema>): DrivePlace {
  if (query.folder !== undefined) return { kind: 'folder', id: query.folder }
  if (query.storage !== undefined) return { kind: 'storage', id: query.storage }
  return { kind: 'storages' }
}

/** Creates the `/drive` and `/subjects/:kind/:id/files` routes (below `/api/app`). */
export function createDriveRoutes(deps: { directory: PortalDirectory }) {
  const portalOf = (c: { var: AppApiEnv['Variables'] }) =>
    deps.directory.forUser(c.var.appUser.portal.memberId, c.var.appAccessToken)
  return new Hono<AppApiEnv>()
    .get('/drive', validate('query', driveQuerySchema), async (c) => {
      const items = await (await portalOf(c)).files.browse(placeOf(c.req.valid('query')))
      return c.json({ items }, 200)
    })
    .get('/subjects/:kind/:id/files', validate('param', subjectParamSchema), async (c) => {
      const items = await (await portalOf(c)).subjects.files(c.req.valid('param'))
      return c.json({ items }, 200)
    })
}
