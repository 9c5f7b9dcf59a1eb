/**
 * @module `crm.status.list` (stages per pipeline, lead statuses, sources; §5.10), `crm.category.list`
 * (pipelines), `crm.timeline.comment.add` (§5.12: lowercase `fields` only, lowercase `ENTITY_TYPE`) and
 * `crm.timeline.comment.list` (`ENTITY_ID` and `ENTITY_TYPE` required in the filter; ids and numbers as strings;
 * a comment's files kept on Drive in the CRM's system storage and listed in the documented `FILES` shape).
 * @see https://apidocs.bitrix24.com/api-reference/crm/timeline/comments/crm-timeline-comment-list.html
 */
import { formatB24Date } from '../b24-date.ts'
import type { Portal } from '../portal.ts'
import { nextId, type TimelineCommentRecord } from '../state.ts'
import { addDiskFile, crmStorage } from './disk-objects.ts'
import { applyFilter, applyOrder, applySelect, paginate } from '../rest/list.ts'
import { asInt, asList, asRecord, asText, param } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { RestError, crmError } from '../rest/rest-error.ts'

/** CRM types that exist but have no pipelines (`crm.category.list` → `ENTITY_TYPE_NOT_SUPPORTED`). */
const CRM_TYPE_NAMES: Record<number, string> = { 1: 'LEAD', 3: 'CONTACT', 4: 'COMPANY', 5: 'INVOICE', 7: 'QUOTE' }

/** The CRM reference-data and timeline methods. */
export const crmMiscMethods: MethodTable = {
  'crm.status.list': {
    scope: 'crm',
    handler: ({ portal, params }) => {
      const rows = portal.state.statuses.map((s) => ({
        ID: String(s.ID),
        ENTITY_ID: s.ENTITY_ID,
        STATUS_ID: s.STATUS_ID,
        NAME: s.NAME,
        NAME_INIT: s.NAME,
        SORT: String(s.SORT),
        SYSTEM: 'Y',
        CATEGORY_ID: s.CATEGORY_ID === null ? null : String(s.CATEGORY_ID),
        COLOR: s.COLOR,
        // As documented: `S` and `F` for final stages, `null` for working ones (the kind is in `EXTRA`).
        SEMANTICS: s.SEMANTICS === 'P' ? null : s.SEMANTICS,
        EXTRA: s.SEMANTICS
          ? { SEMANTICS: s.SEMANTICS === 'P' ? 'process' : s.SEMANTICS === 'S' ? 'success' : 'failure', COLOR: s.COLOR }
          : undefined,
      }))
      const order = param(params, 'order') ?? { SORT: 'ASC' }
      const filtered = applyOrder(applyFilter(rows, param(params, 'filter')), order)
      return { result: filtered.map((row) => JSON.parse(JSON.stringify(row)) as unknown) }
    },
  },
  'crm.category.list': {
    scope: 'crm',
    handler: ({ portal, params }) => {
      const entityTypeId = asInt(param(params, 'entityTypeId'))
      const typeName = CRM_TYPE_NAMES[entityTypeId]
      if (typeName)
        throw new RestError(400, 'ENTITY_TYPE_NOT_SUPPORTED', `Entity type \`${typeName}\` is not supported`)
      if (entityTypeId !== 2) throw new RestError(400, 'NOT_FOUND', 'Smart process not found')
      const categories = portal.state.categories.map((c) => ({
        id: c.id,
        name: c.name,
        sort: c.sort,
        entityTypeId: 2,
        isDefault: c.isDefault ? 'Y' : 'N',
        // The default pipeline has no origin keys in the documented sample.
        ...(c.isDefault ? {} : { originId: '', originatorId: '' }),
      }))
      const page = paginate(categories, param(params, 'start'))
      return { result: { categories: page.page }, total: page.total }
    },
  },
  'crm.timeline.comment.add': {
    scope: 'crm',
    handler: ({ portal, params, user }) => {
      // Since crm 23.100.0 only the lowercase `fields` key is read (§5.12).
      const fields = asRecord(params['fields'])
      const entityType = asText(fields['ENTITY_TYPE'])
      const entityId = asInt(fields['ENTITY_ID'])
      const comment = asText(fields['COMMENT'])
      if (!comment) throw crmError('Comment is empty')
      const records = entityType === 'deal' ? portal.state.deals : entityType === 'lead' ? portal.state.leads : null
      if (!records || !records.some((r) => r.ID === String(entityId))) throw crmError('Entity not found')
      const id = nextId(portal.state, 'timeline')
      const uploads = asList(fields['FILES']).map((f) => asList(f))
      const files = uploads.map((f) => asText(f[0]))
      const created = formatB24Date(portal.now())
      const storage = crmStorage(portal)
      const place = { storageId: storage.ID, folderId: storage.ROOT_OBJECT_ID }
      const refs = uploads.map(([name, base64]) => {
        const bytes = Buffer.from(asText(base64), 'base64')
        const objectId = addDiskFile(portal, place, { name: asText(name), bytes, by: user.ID }).ID
        return { attachedId: nextId(portal.state, 'diskAttached'), objectId }
      })
      portal.state.timeline.push({
        ID: id,
        ENTITY_TYPE: entityType,
        ENTITY_ID: entityId,
        AUTHOR_ID: user.ID,
        COMMENT: comment,
        FILES: files,
        FILE_REFS: refs,
        CREATED: created,
      })
      return { result: id }
    },
  },
  'crm.timeline.comment.list': {
    scope: 'crm',
    handler: ({ portal, params }) => {
      const filter = asRecord(param(params, 'filter'))
      const entityId = asInt(filter['ENTITY_ID'])
      const entityType = asText(filter['ENTITY_TYPE']).toLowerCase()
      if (!entityId || !entityType) throw crmError('ENTITY_ID and ENTITY_TYPE are required in the filter')
      const { ENTITY_ID: _id, ENTITY_TYPE: _type, ...rest } = filter
      const rows = portal.state.timeline
        .filter((t) => t.ENTITY_ID === entityId && t.ENTITY_TYPE === entityType)
        .map((t) => ({
          ID: String(t.ID),
          CREATED: t.CREATED,
          ENTITY_ID: String(t.ENTITY_ID),
          ENTITY_TYPE: t.ENTITY_TYPE,
          AUTHOR_ID: String(t.AUTHOR_ID),
          COMMENT: t.COMMENT,
          FILES: commentFiles(portal, t),
        }))
      const ordered = applyOrder(applyFilter(rows, rest), param(params, 'order'))
      const page = paginate(ordered, param(params, 'start'))
      const select = param(params, 'select')
      return {
        result: page.page.map((row) => applySelect(row, select)),
        total: page.total,
        ...(page.next === undefined ? {} : { next: page.next }),
      }
    },
  },
}

/**
 * A comment's `FILES` as documented: keyed by attached-object id, each with name, size, type, author and the
 * portal links, `urlDownload` naming the Drive object (`/disk/downloadFile/<objectId>/`).
 */
function commentFiles(portal: Portal, comment: TimelineCommentRecord): Record<string, unknown> {
  const author = portal.state.users.find((u) => u.ID === comment.AUTHOR_ID)
  const entries = (comment.FILE_REFS ?? []).flatMap(({ attachedId, objectId }) => {
    const file = portal.state.diskFiles.find((f) => f.ID === objectId)
    if (!file) return []
    const query = `?&ncc=1&filename=${encodeURIComponent(file.NAME)}`
    const isImage = /\.(png|jpe?g|gif)$/i.test(file.NAME)
    const value = {
      id: attachedId,
      date: comment.CREATED,
      type: isImage ? 'image' : 'file',
      name: file.NAME,
      size: file.SIZE,
      authorId: comment.AUTHOR_ID,
      authorName: author ? `${author.NAME} ${author.LAST_NAME}`.trim() : '',
      urlShow: `${portal.urls.portal}/disk/showFile/${objectId}/${query}`,
      urlDownload: `${portal.urls.portal}/disk/downloadFile/${objectId}/${query}`,
    }
    return [[String(attachedId), value] as const]
  })
  return Object.fromEntries(entries)
}
