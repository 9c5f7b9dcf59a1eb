/**
 * @module Installing the app in a portal (`/api/b24/install` and `ONAPPINSTALL`): the token is vouched for by a
 * trusted OAuth server, the portal confirms the installer is an admin, and only then is the portal record
 * created or replaced; then the app's events and placements are bound idempotently.
 * @see https://apidocs.bitrix24.com/settings/app-installation/index.html
 */
import { PermissionError } from '../ports/errors.ts'
import type { Clock } from '../ports/clock.ts'
import type { PortalConnector, TokenHolder } from '../ports/portal.ts'
import type { SecretBox } from '../ports/secret-box.ts'
import type { Store } from '../ports/store.ts'
import { bindPortal, type PortalBindings } from './bind-portal.ts'
import type { PortalDirectory } from './portal-directory.ts'
import { indexPortalStatus, loadPortalRecord, portalKey, sealTokens, type PortalRecord } from './portal-records.ts'
import { vouchPortal, type VouchDeps, type VouchedPortal } from './vouch-portal.ts'

/** What installing needs. */
export interface InstallDeps extends VouchDeps {
  store: Store
  secretBox: SecretBox
  clock: Clock
  connector: PortalConnector
  directory: PortalDirectory
  appUrl: string
}

/** The install data a portal sends (frame POST of §1.2 or the `auth` block of `ONAPPINSTALL`). */
export interface InstallRequest {
  memberId: string
  domain: string
  accessToken: string
  refreshToken: string
  expiresInSeconds: number
  serverEndpoint: string | undefined
  applicationToken: string | undefined
}

function newRecord(
  deps: InstallDeps,
  vouched: VouchedPortal,
  request: InstallRequest,
  holder: TokenHolder,
  previous: PortalRecord | undefined,
): PortalRecord {
  const now = new Date(deps.clock.now()).toISOString()
  const tokens = {
    accessToken: request.accessToken,
    refreshToken: request.refreshToken,
    expiresAt: deps.clock.now() + request.expiresInSeconds * 1000,
    userId: holder.userId,
    scope: vouched.info.scope ?? previous?.scope ?? '',
  }
  const sealedApplicationToken = request.applicationToken
    ? deps.secretBox.seal(request.applicationToken)
    : (previous?.sealedApplicationToken ?? null)
  return {
    memberId: vouched.memberId,
    domain: vouched.domain,
    clientEndpoint: vouched.clientEndpoint,
    oauthServer: vouched.oauthServer,
    sealedTokens: sealTokens(deps.secretBox, tokens),
    sealedApplicationToken,
    scope: tokens.scope,
    appStatus: vouched.info.status ?? previous?.appStatus ?? 'L',
    status: 'connected',
    installedAt: previous && previous.status !== 'uninstalled' ? previous.installedAt : now,
    updatedAt: now,
    installedBy: holder.userId,
  }
}

async function upsert(deps: InstallDeps, vouched: VouchedPortal, request: InstallRequest, holder: TokenHolder) {
  for (;;) {
    const current = await loadPortalRecord(deps.store, vouched.memberId)
    const record = newRecord(deps, vouched, request, holder, current?.value)
    if ((await deps.store.compareAndSet(portalKey(vouched.memberId), record, current?.version ?? 0)) !== null) {
      await indexPortalStatus(deps.store, vouched.memberId, 'connected', deps.clock.now())
      deps.connector.forget(vouched.memberId)
      return record
    }
  }
}

/**
 * Verifies an install and stores the portal: the trusted OAuth server vouches for the token (this app, this
 * member_id and domain), then the portal names its holder (an admin). Nothing is written before both agree.
 * @throws AuthError from {@link vouchPortal} or when the portal refuses the token; PermissionError
 * `ADMIN_REQUIRED` when the installer is not an admin.
 */
export async function registerPortal(deps: InstallDeps, request: InstallRequest): Promise<PortalRecord> {
  const vouched = await vouchPortal(deps, { ...request })
  const holder = await deps.connector.forUserToken(vouched, request.accessToken).app.tokenHolder(deps.clientId)
  if (!holder.isAdmin) throw new PermissionError('ADMIN_REQUIRED', 'Only a portal administrator can install the app')
  return upsert(deps, vouched, request, holder)
}

/** Binds the app's events and placements with the portal's stored tokens (idempotent). */
export async function bindInstalledPortal(deps: InstallDeps, memberId: string): Promise<PortalBindings> {
  return bindPortal(await deps.directory.portal(memberId), deps.appUrl)
}

/**
 * The whole install of the UI install page: {@link registerPortal}, then {@link bindInstalledPortal}.
 * @throws as both do.
 */
export async function installPortal(deps: InstallDeps, request: InstallRequest) {
  const record = await registerPortal(deps, request)
  const bindings = await bindInstalledPortal(deps, record.memberId)
  return { record, bindings }
}
