/**
 * @module `crm.deal.add/get/update/list/delete` (§5.10): stage ids per pipeline (`C<id>:` prefix), `ONCRMDEALADD`
 * / `ONCRMDEALUPDATE` / `ONCRMDEALDELETE` (§4.4), and robots run when a deal enters a stage.
 */
import { formatB24Date } from '../b24-date.ts'
import { fireEvent } from '../events/dispatcher.ts'
import type { Portal } from '../portal.ts'
import { runRobotsForDeal } from '../robots.ts'
import { nextId, type CrmRecord } from '../state.ts'
import { asInt, asRecord, asText, param, type Params } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { crmError } from '../rest/rest-error.ts'
import { crmId, deleteCrm, findCrm, getCrm, listCrm, writeFields } from './crm-entity.ts'

const DEAL_FIELDS = new Set([
  'TITLE',
  'TYPE_ID',
  'CATEGORY_ID',
  'STAGE_ID',
  'PROBABILITY',
  'CURRENCY_ID',
  'OPPORTUNITY',
  'IS_MANUAL_OPPORTUNITY',
  'TAX_VALUE',
  'LEAD_ID',
  'COMPANY_ID',
  'CONTACT_ID',
  'QUOTE_ID',
  'BEGINDATE',
  'CLOSEDATE',
  'ASSIGNED_BY_ID',
  'OPENED',
  'CLOSED',
  'COMMENTS',
  'ADDITIONAL_INFO',
  'LOCATION_ID',
  'SOURCE_ID',
  'SOURCE_DESCRIPTION',
  'ORIGINATOR_ID',
  'ORIGIN_ID',
])

function stageOf(portal: Portal, categoryId: number, stageId: string) {
  const entity = categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${categoryId}`
  return portal.state.statuses.find((s) => s.ENTITY_ID === entity && s.STATUS_ID === stageId)
}

function firstStage(portal: Portal, categoryId: number): string {
  const entity = categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${categoryId}`
  const stages = portal.state.statuses.filter((s) => s.ENTITY_ID === entity).sort((a, b) => a.SORT - b.SORT)
  return stages[0]?.STATUS_ID ?? 'NEW'
}

function applyStage(portal: Portal, deal: CrmRecord, userId: number): void {
  const categoryId = asInt(deal['CATEGORY_ID'])
  const stage = stageOf(portal, categoryId, asText(deal['STAGE_ID']))
  if (!stage) throw crmError(`Stage ${asText(deal['STAGE_ID'])} is not found in pipeline ${categoryId}`)
  const now = formatB24Date(portal.now())
  Object.assign(deal, {
    STAGE_SEMANTIC_ID: stage.SEMANTICS ?? 'P',
    CLOSED: stage.SEMANTICS === 'P' ? 'N' : 'Y',
    IS_NEW: stage.SORT === 10 ? 'Y' : 'N',
    MOVED_BY_ID: String(userId),
    MOVED_TIME: now,
  })
}

/** Adds a deal as a user; fires `ONCRMDEALADD` and the robots of its first stage. */
export function addDeal(portal: Portal, userId: number, fields: Record<string, unknown>): number {
  const id = nextId(portal.state, 'deal')
  const now = formatB24Date(portal.now())
  const categoryId = asInt(fields['CATEGORY_ID'] ?? fields['category_id'], 0)
  if (!portal.state.categories.some((c) => c.id === categoryId)) throw crmError('Category is not found')
  const deal: CrmRecord = {
    ID: String(id),
    TITLE: `Сделка #${id}`,
    TYPE_ID: 'SALE',
    CATEGORY_ID: String(categoryId),
    STAGE_ID: firstStage(portal, categoryId),
    CURRENCY_ID: 'RUB',
    OPPORTUNITY: '0.00',
    IS_MANUAL_OPPORTUNITY: 'N',
    TAX_VALUE: '0.00',
    COMPANY_ID: '0',
    CONTACT_ID: null,
    ASSIGNED_BY_ID: String(userId),
    CREATED_BY_ID: String(userId),
    MODIFY_BY_ID: String(userId),
    DATE_CREATE: now,
    DATE_MODIFY: now,
    BEGINDATE: now,
    CLOSEDATE: now,
    OPENED: 'Y',
    COMMENTS: null,
    SOURCE_ID: null,
    IS_RECURRING: 'N',
    IS_RETURN_CUSTOMER: 'N',
    IS_REPEATED_APPROACH: 'N',
  }
  writeFields(portal, deal, fields, DEAL_FIELDS)
  deal['CATEGORY_ID'] = String(categoryId)
  applyStage(portal, deal, userId)
  portal.state.deals.push(deal)
  fireEvent(portal, {
    event: 'ONCRMDEALADD',
    data: { FIELDS: { ID: deal.ID } },
    userId,
    scope: 'crm',
    objectKey: `DEAL_${id}`,
  })
  runRobotsForDeal(portal, deal, userId)
  return id
}

/** Updates a deal as a user; fires `ONCRMDEALUPDATE`, and the robots of the new stage when it moved. */
export function updateDeal(portal: Portal, userId: number, id: number, fields: Record<string, unknown>): void {
  const deal = findCrm(portal.state.deals, id)
  const before = { ...deal }
  const { CATEGORY_ID: _ignored, ...changes } = Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k.toUpperCase(), v]),
  )
  writeFields(portal, deal, changes, DEAL_FIELDS)
  const moved = deal['STAGE_ID'] !== before['STAGE_ID']
  if (moved) {
    try {
      applyStage(portal, deal, userId)
    } catch (error) {
      Object.assign(deal, before)
      throw error
    }
  }
  Object.assign(deal, { MODIFY_BY_ID: String(userId), DATE_MODIFY: formatB24Date(portal.now()) })
  fireEvent(portal, {
    event: 'ONCRMDEALUPDATE',
    data: { FIELDS: { ID: deal.ID } },
    userId,
    scope: 'crm',
    objectKey: `DEAL_${id}`,
  })
  if (moved) runRobotsForDeal(portal, deal, userId)
}

function fieldsOf(params: Params): Record<string, unknown> {
  return asRecord(param(params, 'fields'))
}

/** The deal methods. */
export const dealMethods: MethodTable = {
  'crm.deal.add': {
    scope: 'crm',
    handler: ({ portal, params, user }) => ({ result: addDeal(portal, user.ID, fieldsOf(params)) }),
  },
  'crm.deal.get': { scope: 'crm', handler: ({ portal, params, user }) => getCrm(portal.state.deals, params, user) },
  'crm.deal.list': { scope: 'crm', handler: ({ portal, params, user }) => listCrm(portal.state.deals, params, user) },
  'crm.deal.update': {
    scope: 'crm',
    handler: ({ portal, params, user }) => {
      updateDeal(portal, user.ID, crmId(params), fieldsOf(params))
      return { result: true }
    },
  },
  'crm.deal.delete': {
    scope: 'crm',
    handler: ({ portal, params, user }) => {
      deleteCrm(portal, 'deal', user.ID, crmId(params))
      return { result: true }
    },
  },
}
