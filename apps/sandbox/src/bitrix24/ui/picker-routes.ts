/**
 * @module Data of the selector dialogs (`selectUser`, `selectAccess`, `selectCRM`) in the shapes the portal
 * answers the frame with (reference §6.4; `BX24.selectCRM` docs).
 */
import { Hono } from 'hono'
import type { Portal } from '../portal.ts'
import type { CrmRecord } from '../state.ts'
import { userName } from './current-user.ts'

/** A CRM entity as the CRM selector returns it. */
export interface CrmSelectorEntity {
  id: string
  type: string
  place: string
  title: string
  desc: string
  url: string
}

const CRM_TYPES: Record<string, { prefix: string; pick: (portal: Portal) => CrmRecord[] }> = {
  deal: { prefix: 'D', pick: (portal) => portal.state.deals },
  lead: { prefix: 'L', pick: (portal) => portal.state.leads },
}

function crmEntities(portal: Portal, type: string): CrmSelectorEntity[] {
  const kind = Object.hasOwn(CRM_TYPES, type) ? CRM_TYPES[type] : undefined
  if (!kind) return []
  return kind.pick(portal).map((record) => ({
    id: `${kind.prefix}_${record.ID}`,
    type,
    place: type,
    title: String(record.TITLE ?? ''),
    desc: type === 'deal' ? `${String(record.OPPORTUNITY ?? '')} ${String(record.CURRENCY_ID ?? '')}` : '',
    url: `/crm/${type}/details/${record.ID}/`,
  }))
}

/** `GET /ui/picker/users` and `GET /ui/picker/crm?entityType=deal,lead`. */
export function pickerRoutes(portal: Portal): Hono {
  const app = new Hono()
  app.get('/ui/picker/users', (c) =>
    c.json(
      portal.state.users
        .filter((user) => user.ACTIVE)
        .map((user) => ({
          id: String(user.ID),
          name: userName(user),
          photo: '',
          position: user.WORK_POSITION,
          url: `/company/personal/user/${user.ID}/`,
          sub: false,
          sup: false,
        })),
    ),
  )
  app.get('/ui/picker/crm', (c) => {
    const types = (c.req.query('entityType') ?? 'deal,lead').split(',').map((type) => type.trim())
    return c.json(types.flatMap((type) => crmEntities(portal, type)))
  })
  return app
}
