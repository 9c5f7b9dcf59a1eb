/**
 * @module The portal's access settings: whether department heads see their departments' approvals, and the
 * auditors, who see every approval. Read by every user (the SPA shows what they may browse), written by admins.
 * {@link viewerOf} turns them into the domain's `Viewer`, which every list, detail and export checks.
 */
import { z } from 'zod'
import { departmentUserIds, type Actor, type Viewer } from '../../domain/index.ts'
import { ConflictError } from '../../ports/errors.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import type { PortalPeople } from '../approvals/portal-users.ts'
import type { PortalDirectory } from '../portal-directory.ts'

/** The most auditors a portal names. */
export const maxAuditors = 100

/** The access settings, as stored and as `PUT /api/app/access` accepts them. */
export const accessSettingsSchema = z.object({
  /** Department heads see the approvals of their departments (and of the departments below them). */
  isDepartmentHeadAccess: z.boolean().default(false),
  /** Users who see every approval of the portal (read only: they act by their own roles). */
  auditorIds: z
    .array(z.number().int().positive())
    .max(maxAuditors)
    .default([])
    .transform((ids) => [...new Set(ids)]),
})

/** Access settings after validation. */
export type AccessSettings = z.output<typeof accessSettingsSchema>

/**
 * What `PUT /api/app/access` accepts: the settings and, optionally, the `version` the editor read; a save over a
 * newer version is refused (optimistic concurrency), a save without one replaces whatever is stored.
 */
export const accessSettingsInputSchema = accessSettingsSchema.extend({
  version: z.number().int().min(0).optional(),
})

/** The access settings with the version they were stored under (`0`: never saved). */
export interface VersionedAccessSettings {
  access: AccessSettings
  version: number
}

function accessKey(memberId: string): string {
  return tenantKey(memberId, 'access-settings')
}

/** The portal's access settings, or the defaults (participants and admins only) when none were saved. */
export async function loadAccessSettings(store: Store, memberId: string): Promise<AccessSettings> {
  return (await readAccessSettings(store, memberId)).access
}

/** The portal's access settings with their version, for an editor that saves them back. */
export async function readAccessSettings(store: Store, memberId: string): Promise<VersionedAccessSettings> {
  const doc = await store.get<unknown>(accessKey(memberId))
  return { access: accessSettingsSchema.parse(doc?.value ?? {}), version: doc?.version ?? 0 }
}

/**
 * Stores the portal's access settings (validated by the route): over `expectedVersion` only when one is given.
 * @throws ConflictError `ACCESS_SETTINGS_CHANGED` when someone saved them since `expectedVersion` was read.
 */
export async function saveAccessSettings(
  store: Store,
  memberId: string,
  settings: AccessSettings,
  expectedVersion?: number,
): Promise<VersionedAccessSettings> {
  const key = accessKey(memberId)
  const version =
    expectedVersion === undefined
      ? await store.put(key, settings)
      : await store.compareAndSet(key, settings, expectedVersion)
  if (version === null) {
    throw new ConflictError('ACCESS_SETTINGS_CHANGED', 'Someone else changed the access settings; read them again')
  }
  return { access: settings, version }
}

/** What {@link viewerOf} reads: the settings and, when heads have access, the portal's structure. */
export interface ViewerDeps {
  store: Store
  people: PortalPeople
  directory: PortalDirectory
}

/**
 * The viewer `actor` is in `memberId`: an auditor when named one; with their departments' users when the portal
 * lets heads see their departments and the structure says they head one (read from the people cache).
 * @throws the Portal port's errors when the structure must be fetched and the portal fails.
 */
export async function viewerOf(deps: ViewerDeps, memberId: string, actor: Actor): Promise<Viewer> {
  const settings = await loadAccessSettings(deps.store, memberId)
  const viewer: Viewer = { ...actor, isAuditor: settings.auditorIds.includes(actor.userId) }
  if (actor.isAdmin || viewer.isAuditor || !settings.isDepartmentHeadAccess) return viewer
  const { org } = await deps.people.people(memberId, () => deps.directory.portal(memberId))
  return { ...viewer, departmentUserIds: departmentUserIds(org, actor.userId) }
}
