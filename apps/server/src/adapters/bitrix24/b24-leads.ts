/**
 * @module The leads facet of {@link Portal} (issue 20). A website's lead is `crm.lead.add` with this application
 * as `ORIGINATOR_ID` and the receipt as `ORIGIN_ID`, so `crm.lead.list` finds it after a lost answer; a repeat
 * customer is `crm.duplicate.findbycomm`; files go to the application's Disk storage (`disk.storage.getforapp`,
 * `disk.folder.uploadfile`) and onto the lead as a timeline comment with `FILES` (`crm.timeline.comment.add`).
 *
 * Why a timeline comment and not a file field: a lead has no built-in file field — attaching one needs a `UF_CRM_*`
 * field of type file created on each portal by an administrator, while the comment needs no set-up, works with an
 * incoming webhook too, shows the files with their names in the lead's timeline (Bitrix24 keeps them on Drive),
 * and carries the receipt marker the lookup after a lost answer needs.
 * @see https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-add.html
 * @see https://apidocs.bitrix24.com/api-reference/crm/duplicates/crm-duplicate-find-by-comm.html
 * @see https://apidocs.bitrix24.com/api-reference/disk/folder/disk-folder-upload-file.html
 * @see https://apidocs.bitrix24.com/api-reference/crm/timeline/comments/crm-timeline-comment-add.html
 */
import { z } from 'zod'
import type { LeadDraft } from '../../domain/leads/index.ts'
import type { CrmLeads, RepeatCustomer } from '../../ports/portal-leads.ts'
import { appFolderOf } from './b24-drive.ts'
import { bitrix24ErrorCode, type RestClient } from './b24-rest.ts'

/** The `ORIGINATOR_ID` of every lead this application creates. */
export const LEAD_ORIGINATOR = 'telegram-approval-cloud'

const ids = z.array(z.coerce.number().int().positive()).catch([])
const duplicates = z.union([
  z.array(z.unknown()).transform(() => ({ LEAD: [], CONTACT: [] })),
  z.looseObject({ LEAD: ids.optional().default([]), CONTACT: ids.optional().default([]) }),
])
const idRows = z.array(z.looseObject({ ID: z.coerce.number().int().positive() }))
const commentRows = z.array(z.looseObject({ COMMENT: z.string().nullish() }))

/** `crm.lead.add` fields of a draft. */
export function leadFields(draft: LeadDraft): Record<string, unknown> {
  return {
    TITLE: draft.title,
    NAME: draft.name,
    ...(draft.phone ? { PHONE: [{ VALUE: draft.phone, VALUE_TYPE: 'WORK' }] } : {}),
    ...(draft.email ? { EMAIL: [{ VALUE: draft.email, VALUE_TYPE: 'WORK' }] } : {}),
    COMMENTS: draft.comments,
    SOURCE_ID: 'WEB',
    SOURCE_DESCRIPTION: draft.sourceDescription,
    ASSIGNED_BY_ID: draft.assignedById,
    ...Object.fromEntries(Object.entries(draft.utm).map(([key, value]) => [key.toUpperCase(), value])),
    ...(draft.contactId ? { CONTACT_ID: draft.contactId } : {}),
    ORIGINATOR_ID: LEAD_ORIGINATOR,
    ORIGIN_ID: draft.originId,
  }
}

async function findByComm(rest: RestClient, type: 'PHONE' | 'EMAIL', value: string): Promise<RepeatCustomer> {
  const found = duplicates.parse(await rest.call('crm.duplicate.findbycomm', { type, values: [value] }))
  return { leadIds: found.LEAD, contactIds: found.CONTACT }
}

/** Creates the leads facet over one portal's REST pipe; links are built from the portal's `domain`. */
export function createB24Leads(rest: RestClient, domain: string): CrmLeads {
  const appFolder = appFolderOf(rest)
  return {
    async findRepeatCustomer({ phone, email }) {
      const found = await Promise.all([
        phone ? findByComm(rest, 'PHONE', phone) : undefined,
        email ? findByComm(rest, 'EMAIL', email) : undefined,
      ])
      const merge = (pick: (r: RepeatCustomer) => number[]) =>
        [...new Set(found.flatMap((r) => (r ? pick(r) : [])))].sort((a, b) => a - b)
      return { leadIds: merge((r) => r.leadIds), contactIds: merge((r) => r.contactIds) }
    },
    async create(draft) {
      return z.coerce
        .number()
        .int()
        .positive()
        .parse(await rest.call('crm.lead.add', { fields: leadFields(draft) }))
    },
    async findByOrigin(originId) {
      const filter = { ORIGINATOR_ID: LEAD_ORIGINATOR, ORIGIN_ID: originId }
      const rows = idRows.parse(await rest.call('crm.lead.list', { filter, select: ['ID'], order: { ID: 'ASC' } }))
      return rows[0]?.ID ?? null
    },
    async storeFile(file) {
      const folder = await appFolder()
      if (folder === 'no-app-storage') return folder
      try {
        const params = { id: folder, data: { NAME: file.name }, fileContent: [file.name, file.contentBase64] }
        await rest.call('disk.folder.uploadfile', params)
      } catch (error) {
        // The name is unique per receipt: "already exists" is our own upload whose answer was lost.
        if (bitrix24ErrorCode(error) !== 'DISK_OBJ_22000') throw error
      }
      return 'stored'
    },
    async comment(leadId, { text, files }) {
      const fields = {
        ENTITY_ID: leadId,
        ENTITY_TYPE: 'lead',
        COMMENT: text,
        ...(files.length > 0 ? { FILES: files.map((f) => [f.name, f.contentBase64]) } : {}),
      }
      return z.coerce
        .number()
        .int()
        .positive()
        .parse(await rest.call('crm.timeline.comment.add', { fields }))
    },
    async hasComment(leadId, marker) {
      const filter = { ENTITY_ID: leadId, ENTITY_TYPE: 'lead' }
      // A website's lead has a handful of comments: the first page (50, newest first) holds ours.
      const params = { filter, select: ['ID', 'COMMENT'], order: { ID: 'DESC' } }
      const rows = commentRows.parse(await rest.call('crm.timeline.comment.list', params))
      return rows.some((row) => (row.COMMENT ?? '').includes(marker))
    },
    async leadUrl(leadId) {
      return `https://${domain}/crm/lead/details/${leadId}/`
    },
  }
}
