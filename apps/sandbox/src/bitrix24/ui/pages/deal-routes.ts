/**
 * @module Routes of the deal card: view, move to a stage, save fields, add a timeline comment, start a business
 * process with an app action. Changes go through
 * `crm.deal.update` / `crm.timeline.comment.add` as the current user, so `ONCRMDEALUPDATE` and the robots of
 * the new stage fire exactly as for a REST call.
 */
import { Hono, type Context } from 'hono'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import type { CrmRecord } from '../../state.ts'
import { currentUser } from '../current-user.ts'
import { filledFields, readForm } from '../form.ts'
import { propertyValues } from './automation.ts'
import { renderDealCard } from './deal-card.ts'

function findDeal(sandbox: Bitrix24Sandbox, c: Context): CrmRecord | undefined {
  return sandbox.portal.state.deals.find((deal) => deal.ID === c.req.param('id'))
}

/** `/crm/deal/details/<id>/` and its form actions. */
export function dealCardRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  const back = (id: string) => `/crm/deal/details/${id}/`
  app.get('/crm/deal/details/:id/', (c) => {
    const deal = findDeal(sandbox, c)
    return deal ? c.html(renderDealCard(c, sandbox, deal)) : c.notFound()
  })
  app.post('/crm/deal/details/:id/stage/', async (c) => {
    const { STAGE_ID } = await readForm(c)
    const user = currentUser(c, sandbox.portal)
    await sandbox.callAsUser(user.ID, 'crm.deal.update', { id: c.req.param('id'), fields: { STAGE_ID } })
    return c.redirect(back(c.req.param('id')), 303)
  })
  app.post('/crm/deal/details/:id/update/', async (c) => {
    const form = await readForm(c)
    const fields = { ...filledFields(form, ['TITLE', 'OPPORTUNITY', 'ASSIGNED_BY_ID']), COMMENTS: form.COMMENTS ?? '' }
    const user = currentUser(c, sandbox.portal)
    await sandbox.callAsUser(user.ID, 'crm.deal.update', { id: c.req.param('id'), fields })
    return c.redirect(back(c.req.param('id')), 303)
  })
  app.post('/crm/deal/details/:id/comment/', async (c) => {
    const { COMMENT } = await readForm(c)
    const user = currentUser(c, sandbox.portal)
    const fields = { ENTITY_TYPE: 'deal', ENTITY_ID: c.req.param('id'), COMMENT }
    await sandbox.callAsUser(user.ID, 'crm.timeline.comment.add', { fields })
    return c.redirect(back(c.req.param('id')), 303)
  })
  app.post('/crm/deal/details/:id/bizproc/', async (c) => {
    const form = await readForm(c)
    const user = currentUser(c, sandbox.portal)
    sandbox.startBusinessProcess(Number(c.req.param('id')), form.code ?? '', propertyValues(form), user.ID)
    return c.redirect(back(c.req.param('id')), 303)
  })
  return app
}
