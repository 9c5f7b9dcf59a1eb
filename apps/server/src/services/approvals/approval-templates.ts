/**
 * @module Approval templates of a portal: a name and a ready draft (stages, rule, comment policy, reminders)
 * that initiators start from. Admins create, change and delete them; everyone reads them.
 */
import { ulid } from 'ulid'
import { z } from 'zod'
import {
  commentPolicySchema,
  reminderPolicySchema,
  stagesSchema,
  MAX_DESCRIPTION_LENGTH,
  MAX_TITLE_LENGTH,
} from '../../domain/index.ts'
import type { Clock } from '../../ports/clock.ts'
import { NotFoundError } from '../../ports/errors.ts'
import { tenantKey, type Store } from '../../ports/store.ts'

/** What an admin sends to create or replace a template. */
export const templateInputSchema = z.object({
  name: z.string().trim().min(1).max(MAX_TITLE_LENGTH),
  description: z.string().max(MAX_DESCRIPTION_LENGTH).default(''),
  commentPolicy: commentPolicySchema.default('optional'),
  /**
   * Whether approvals started from the template may be sent back for revision; left out (and on templates saved
   * before the option existed), the portal's default applies when the approval starts.
   */
  isSendBackAllowed: z.boolean().optional(),
  stages: stagesSchema,
  reminders: reminderPolicySchema.nullable().default(null),
})

/** A template as stored and returned. */
export type Template = z.output<typeof templateInputSchema> & { id: string; createdAt: string; updatedAt: string }

const templateKey = (memberId: string, id: string) => tenantKey(memberId, 'template', id)
const templateIndex = (memberId: string) => tenantKey(memberId, 'ix', 'templates')

/** Reads one template; `null` when absent. */
export async function loadTemplate(store: Store, memberId: string, id: string): Promise<Template | null> {
  if (!/^[0-9A-Za-z]{1,40}$/.test(id)) return null
  return (await store.get<Template>(templateKey(memberId, id)))?.value ?? null
}

/** The portal's templates, oldest first (at most 1,000). */
export async function listTemplates(store: Store, memberId: string): Promise<Template[]> {
  const page = await store.indexPage(templateIndex(memberId), { limit: 1000 })
  const found = await Promise.all(page.entries.map((entry) => loadTemplate(store, memberId, entry.member)))
  return found.filter((t): t is Template => t !== null)
}

/** Creates a template. */
export async function createTemplate(
  deps: { store: Store; clock: Clock },
  memberId: string,
  input: z.output<typeof templateInputSchema>,
): Promise<Template> {
  const now = deps.clock.now()
  const at = new Date(now).toISOString()
  const template: Template = { ...input, id: ulid(now), createdAt: at, updatedAt: at }
  await deps.store.put(templateKey(memberId, template.id), template)
  await deps.store.indexAdd(templateIndex(memberId), template.id, now)
  return template
}

/** Replaces a template's content. @throws NotFoundError `TEMPLATE_NOT_FOUND`. */
export async function updateTemplate(
  deps: { store: Store; clock: Clock },
  memberId: string,
  id: string,
  input: z.output<typeof templateInputSchema>,
): Promise<Template> {
  const current = await loadTemplate(deps.store, memberId, id)
  if (!current) throw new NotFoundError('TEMPLATE_NOT_FOUND', 'There is no such template in this portal')
  // A replacement: a field left out (`isSendBackAllowed`) is dropped, not kept from the old content.
  const template: Template = {
    ...input,
    id,
    createdAt: current.createdAt,
    updatedAt: new Date(deps.clock.now()).toISOString(),
  }
  await deps.store.put(templateKey(memberId, id), template)
  return template
}

/** Deletes a template (approvals started from it keep their copy). @throws NotFoundError `TEMPLATE_NOT_FOUND`. */
export async function deleteTemplate(store: Store, memberId: string, id: string): Promise<void> {
  if (!(await loadTemplate(store, memberId, id))) {
    throw new NotFoundError('TEMPLATE_NOT_FOUND', 'There is no such template in this portal')
  }
  await store.delete(templateKey(memberId, id))
  await store.indexRemove(templateIndex(memberId), id)
}
