/**
 * @module A CRM deal or lead as the subject of an approval: read from the portal with `crm.deal.get` /
 * `crm.lead.get` through the frame, as the signed-in user, so the portal's own CRM access rights apply and the
 * same call runs against a real portal and the sandbox; outside the frame through `GET /api/app/subjects/:kind/:id`,
 * which the server reads with the same user's token.
 * @see https://apidocs.bitrix24.com/api-reference/crm/deals/crm-deal-get.html
 * @see https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-get.html
 */
import type { PortalFrame } from '../b24/frame.ts'
import { readJson } from '../api/client.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'
import { subjectPath } from './subject.ts'

/** A deal or lead with what the approval shows of it (the API's `subject`). */
export interface CrmSubject {
  kind: 'deal' | 'lead'
  id: number
  title: string
  amount: number | null
  /** ISO 4217 code, e.g. `RUB`. */
  currency: string | null
  /** The record's card in the portal. */
  url: string | null
}

/** The fields of a `crm.deal.get` / `crm.lead.get` result the subject needs (Bitrix24 sends numbers as strings). */
export interface CrmRecordFields {
  TITLE?: string | null
  OPPORTUNITY?: string | number | null
  CURRENCY_ID?: string | null
}

/** A subject that only knows what it is: the kind, the id, the card's URL; the title comes later. */
export function bareCrmSubject(kind: CrmSubject['kind'], id: number, portalUrl: string, title = ''): CrmSubject {
  return { kind, id, title, amount: null, currency: null, url: `${portalUrl}${subjectPath({ kind, id })}` }
}

/**
 * The subject for a CRM record. An `OPPORTUNITY` of 0 counts as no amount: Bitrix24 stores `0.00` for a record
 * whose amount nobody entered, and the approval card should not announce "0 ₽".
 */
export function toCrmSubject(
  kind: CrmSubject['kind'],
  id: number,
  record: CrmRecordFields,
  portalUrl: string,
): CrmSubject {
  const amount = Number(record.OPPORTUNITY ?? 0)
  const currency = record.CURRENCY_ID?.trim().toUpperCase() ?? ''
  return {
    ...bareCrmSubject(kind, id, portalUrl, (record.TITLE ?? '').trim().slice(0, 255)),
    amount: Number.isFinite(amount) && amount > 0 ? amount : null,
    currency: /^[A-Z]{3}$/.test(currency) ? currency : null,
  }
}

/** Reads the deal or lead `id` through `frame` (`crm.deal.get` / `crm.lead.get`). */
export async function fetchCrmSubject(
  frame: Pick<PortalFrame, 'call' | 'portalUrl'>,
  kind: CrmSubject['kind'],
  id: number,
): Promise<CrmSubject> {
  const record = await frame.call<CrmRecordFields>(`crm.${kind}.get`, { id })
  return toCrmSubject(kind, id, record, frame.portalUrl)
}

/**
 * `load(kind, id)` resolves to the record as a subject, or to a bare subject (kind, id and card URL, no title)
 * when the portal refuses or fails; the reason is then in `error`, for the page to show.
 */
export function useCrmSubject() {
  const portal = usePortalStore()
  const { isLoading, error, guarded } = useRequestState()

  async function load(kind: CrmSubject['kind'], id: number, title = ''): Promise<CrmSubject | null> {
    const frame = portal.frame
    if (!frame) return null
    let subject = bareCrmSubject(kind, id, frame.portalUrl, title)
    await guarded(async () => {
      const fetched = frame.isStandalone
        ? (await readJson(portal.client().api.app.subjects[':kind'][':id'].$get({ param: { kind, id: String(id) } })))
            .subject
        : await fetchCrmSubject(frame, kind, id)
      subject = { ...fetched, title: fetched.title || title }
    })
    return subject
  }

  return { isLoading, error, load }
}
