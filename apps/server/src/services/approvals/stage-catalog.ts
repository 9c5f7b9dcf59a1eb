/**
 * @module What the stage editor's pickers offer (issue 21): the workgroups a `group-members` role may name, as
 * the user sees them in Bitrix24, and the deal pipelines and sources a stage condition may test.
 */
import type { CrmCatalog } from '../../ports/portal.ts'
import type { Workgroup } from '../../ports/portal-groups.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import type { SubjectReader } from './approval-subjects.ts'

/**
 * The active, not archived workgroups and projects the reader may see (secret ones only when they are a member),
 * read with their own token so Bitrix24's rights apply.
 * @throws the Portal port's errors.
 */
export async function listWorkgroups(directory: PortalDirectory, reader: SubjectReader): Promise<Workgroup[]> {
  return (await directory.forUser(reader.memberId, reader.accessToken)).groups.list()
}

/**
 * The portal's deal pipelines with their stages, lead statuses and sources, for stage conditions and the rule
 * editor, as the reader may see them (their own token), read from the portal each time: an admin who just added a
 * pipeline sees it.
 * @throws the Portal port's errors.
 */
export async function readCrmCatalog(directory: PortalDirectory, reader: SubjectReader): Promise<CrmCatalog> {
  return (await directory.forUser(reader.memberId, reader.accessToken)).crmCatalog.read()
}
