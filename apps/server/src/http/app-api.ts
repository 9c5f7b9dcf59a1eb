/**
 * @module The SPA's JSON API, mounted at `/api/app`: one router that authenticates every request once
 * ({@link appApiRouter}), with every SPA route file mounted below it — so a route added here cannot skip the
 * frame-token check. Each request carries `Authorization: Bearer <frame AUTH_ID>` and `X-B24-Member-Id`.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { portalReach } from '../domain/index.ts'
import type { Store } from '../ports/store.ts'
import type { ActionDeps } from '../services/approvals/act-on-approval.ts'
import type { AppAuthDeps } from '../services/authenticate-app-user.ts'
import { portalWriteBackProblems } from '../services/outbox/write-back-problems.ts'
import { UpstreamError } from '../ports/errors.ts'
import { viewerOf } from '../services/people/access-settings.ts'
import { describeConnection } from '../services/portal-connection.ts'
import type { PortalDirectory } from '../services/portal-directory.ts'
import { actorOf } from './app-api-approval-actions.ts'
import { createApprovalRoutes } from './app-api-approvals.ts'
import { createChangeRoutes } from './app-api-changes.ts'
import { createDriveRoutes } from './app-api-drive.ts'
import { createAutomationRoutes } from './app-api-automation.ts'
import { createApprovalCatalogRoutes } from './app-api-catalog.ts'
import { createReportRoutes } from './app-api-reports.ts'
import { createProfileRoutes } from './app-api-profiles.ts'
import { createPeopleRoutes } from './app-api-people.ts'
import { createSubjectRoutes } from './app-api-subjects.ts'
import { createSiteRoutes, type SiteApiDeps } from './app-api-sites.ts'
import { createAppTelegramRoutes, type AppTelegramDeps } from './app-api-telegram.ts'
import { appAuth, appModeOnly, requireAdmin, type AppApiEnv } from './app-auth.ts'
import { toPortalWriteBackProblemDto } from './approval-dto.ts'
import type { SessionAuthDeps } from './session-auth.ts'
import { validate } from './validate.ts'

/**
 * The base of the SPA API: a router whose every route, mounted before or after this call, is first
 * authenticated with `auth` (setting `c.var.appUser`), or refused with `APP_MODE_REQUIRED` when `auth` is
 * undefined (webhook mode or no Bitrix24 configuration).
 */
export function appApiRouter(auth: AppAuthDeps | undefined, sessions?: SessionAuthDeps) {
  return new Hono<AppApiEnv>().use(auth ? appAuth(auth, sessions) : appModeOnly())
}

/** Query of `GET /api/app/write-back-problems`: how many approvals with problems, newest first. */
const problemsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) })

/** What the SPA API needs. */
export interface AppApiDeps {
  /** The frame-token check and the portal it names; undefined outside app mode. */
  session: { auth: AppAuthDeps; store: Store; directory: PortalDirectory } | undefined
  /** Sessions of people signed in with Bitrix24 outside the frame (app mode; issue 23). */
  signedIn?: SessionAuthDeps
  approvals: ActionDeps
  telegram: AppTelegramDeps
  /** The Websites page: sites, the lead delivery log (issue 20). */
  sites: SiteApiDeps
  /** Statistics and exports (issue 18): the most rows one export may hold. */
  reports: { exportMaxRows: number }
}

/** Creates the SPA API (every route below `/api/app`), authenticated once by {@link appApiRouter}. */
export function createAppApiRoutes(deps: AppApiDeps) {
  return appApiRouter(deps.session?.auth, deps.signedIn)
    .get('/me', async (c) => {
      const { portal, userId, isAdmin, name } = c.var.appUser
      // Webhook mode has no application in the portal: robots, activities and bound placements are unavailable.
      const mode = deps.session?.auth.webhookPortal ? ('webhook' as const) : ('app' as const)
      // Which approvals beyond their own the user may list, by the portal's access settings; while Bitrix24 cannot
      // name a head's departments, only their own, so the app still opens.
      const actor = actorOf(c.var.appUser)
      const viewer = await viewerOf(deps.approvals, portal.memberId, actor).catch((error: unknown) => {
        if (error instanceof UpstreamError) return actor
        throw error
      })
      const reach = portalReach(viewer)
      const user = { id: userId, name, isAdmin, reach }
      return c.json({ user, portal, connection: { status: portal.status, mode } }, 200)
    })
    .get('/connection', requireAdmin(), async (c) => {
      const connection = await describeConnection(deps.session!, c.var.appUser.portal.memberId)
      return c.json({ connection }, 200)
    })
    .get('/write-back-problems', requireAdmin(), validate('query', problemsQuery), async (c) => {
      const { limit } = c.req.valid('query')
      const problems = await portalWriteBackProblems(deps.approvals.store, c.var.appUser.portal.memberId, limit)
      return c.json({ problems: problems.map(toPortalWriteBackProblemDto) }, 200)
    })
    .route('/', createApprovalRoutes(deps.approvals))
    .route('/', createApprovalCatalogRoutes(deps.approvals))
    .route('/', createSubjectRoutes(deps.approvals))
    .route('/', createDriveRoutes(deps.approvals))
    .route('/', createAutomationRoutes(deps.approvals))
    .route('/', createAppTelegramRoutes(deps.telegram))
    .route('/', createSiteRoutes(deps.sites))
    .route('/', createReportRoutes({ ...deps.approvals, ...deps.reports }))
    .route('/', createChangeRoutes(deps.approvals))
    .route('/', createProfileRoutes({ ...deps.approvals, directory: deps.session?.directory }))
    .route('/', createPeopleRoutes(deps.telegram))
}
