/**
 * @module What the stage editor's pickers offer (issue 21): the workgroups a `group-members` role may name, as
 * the user sees them in Bitrix24, and the deal pipelines and sources a stage condition may test.
 */
import { workgroupIdsOf } from '../../domain/index.ts'
import { ValidationError } from '../../ports/errors.ts'
import type { CrmCatalog } from '../../ports/portal.ts'
import type { Workgroup } from '../../ports/portal-groups.ts'
import type { Store } from '../../ports/store.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import type { SubjectReader } from './approval-subjects.ts'
import type { StageRoles } from './stage-directory.ts'
import { loadTemplate } from './approval-templates.ts'

/**
 * The active, not archived workgroups and projects the reader may see (secret ones only when they are a member),
 * read with their own token so Bitrix24's rights apply.
 * @throws the Portal port's errors.
 */
export async function listWorkgroups(directory: PortalDirectory, reader: SubjectReader): Promise<Workgroup[]> {
  return (await directory.forUser(reader.memberId, reader.accessToken)).groups.list()
}

/**
 * Refuses a workgroup role naming a group the reader may not see in Bitrix24 (a secret one they are not in, one
 * that does not exist): its members are not theirs to see or to seat. A group the draft's template names is
 * allowed, since an admin chose it, and so is one the `current` stages (of the approval resubmitted) name already.
 * Costs one portal request, only when the stages name a group not allowed that way.
 * @throws ValidationError `VALIDATION_FAILED` naming `stages.<n>.roles`; the Portal port's errors.
 */
export async function checkVisibleGroups(
  deps: { store: Store; directory: PortalDirectory },
  reader: SubjectReader,
  draft: { stages?: readonly StageRoles[] | undefined; templateId?: string | null },
  current: readonly StageRoles[] = [],
): Promise<void> {
  const named = (draft.stages ?? []).flatMap((stage, index) => workgroupIdsOf([stage]).map((id) => ({ index, id })))
  if (named.length === 0) return
  const template = draft.templateId ? await loadTemplate(deps.store, reader.memberId, draft.templateId) : null
  const chosen = new Set(workgroupIdsOf([...(template?.stages ?? []), ...current]))
  const unknown = named.filter(({ id }) => !chosen.has(id))
  if (unknown.length === 0) return
  const visible = new Set((await listWorkgroups(deps.directory, reader)).map((group) => group.id))
  const hidden = unknown.filter(({ id }) => !visible.has(id))
  if (hidden.length === 0) return
  const details = hidden.map(({ index, id }) => ({
    path: `stages.${index}.roles`,
    message: `There is no workgroup ${id} that you may see in Bitrix24`,
  }))
  throw new ValidationError('VALIDATION_FAILED', 'A stage names a workgroup you may not see', { details })
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
