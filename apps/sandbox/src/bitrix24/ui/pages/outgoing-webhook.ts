/**
 * @module "Developer resources → Other → Outgoing webhook" (`/devops/outgoing-webhook/`), as Bitrix24's form:
 * the handler URL, the application token Bitrix24 generates for the webhook, and the events to tick. Saved in the
 * portal's state; the portal then POSTs those events form-encoded to the handler with `auth[application_token]`
 * (see `events/dispatcher.ts`). Administrators only.
 */
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import { HTTPException } from 'hono/http-exception'
import { KNOWN_EVENTS } from '../../methods/events.ts'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import type { OutgoingWebhookRecord } from '../../state.ts'
import { currentUser } from '../current-user.ts'
import { readForm } from '../form.ts'
import { renderShell, type Html } from '../shell.ts'

/**
 * The events the form offers, in Bitrix24's words: those the portal sends to applications (without the
 * application's own lifecycle events), plus `ONUSERUPDATE`, which only outgoing webhooks get.
 */
export const OUTGOING_WEBHOOK_EVENTS: readonly string[] = [
  ...[...KNOWN_EVENTS].filter((event) => !/^ON(APP|OFFLINE)/.test(event)),
  'ONUSERUPDATE',
]

const PAGE = '/devops/outgoing-webhook/'

function webhookForm(hook: OutgoingWebhookRecord | null): Html {
  const action = hook ? `${PAGE}${hook.id}/save/` : `${PAGE}add/`
  return html`<form class="card" method="post" action="${action}" data-webhook="${hook?.id ?? 'new'}">
    <h2>${hook ? `Исходящий вебхук #${hook.id}` : 'Новый исходящий вебхук'}</h2>
    <div class="form-row">
      <label>URL вашего обработчика <input name="handler" value="${hook?.handler ?? ''}" size="60" required /></label>
      ${
        hook
          ? html`<label
              >Токен приложения (application_token)
              <input name="token" class="mono" value="${hook.applicationToken}" size="36" readonly
            /></label>`
          : html`<span class="muted">Токен приложения будет создан при сохранении</span>`
      }
    </div>
    <div class="form-row">
      ${OUTGOING_WEBHOOK_EVENTS.map(
        (event) =>
          html`<label class="check"
            ><input
              type="checkbox"
              name="event_${event}"
              ${hook?.events.includes(event) ? 'checked' : ''}
            />${event}</label
          >`,
      )}
    </div>
    <button class="btn btn--primary" type="submit">Сохранить</button>
    ${
      hook
        ? html`<button class="btn btn--danger" type="submit" formaction="${PAGE}${hook.id}/delete/">Удалить</button>`
        : ''
    }
  </form>`
}

/** The handler and ticked events of a submitted form; 400 when the URL is not http(s) or no event is ticked. */
function submitted(form: Record<string, string>): { handler: string; events: string[] } {
  const handler = form.handler?.trim() ?? ''
  if (!URL.canParse(handler) || !/^https?:$/.test(new URL(handler).protocol)) {
    throw new HTTPException(400, { message: 'Укажите URL обработчика (http:// или https://).' })
  }
  const events = OUTGOING_WEBHOOK_EVENTS.filter((event) => form[`event_${event}`] === 'on')
  if (events.length === 0) throw new HTTPException(400, { message: 'Отметьте хотя бы одно событие.' })
  return { handler, events }
}

/** The outgoing webhooks page and its add / save / delete actions. */
export function outgoingWebhookRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  const portal = sandbox.portal
  const hookOf = (c: Context) => {
    const hook = portal.state.outgoingWebhooks.find((h) => h.id === Number(c.req.param('id')))
    if (!hook) throw new HTTPException(404, { message: 'Вебхук не найден.' })
    return hook
  }
  app.use(`${PAGE}*`, async (c, next) => {
    if (!currentUser(c, portal).IS_ADMIN) {
      throw new HTTPException(403, { message: 'Вебхуки доступны только администратору портала.' })
    }
    await next()
  })
  app.get(PAGE, (c) => {
    const body = html`${portal.state.outgoingWebhooks.map(webhookForm)} ${webhookForm(null)}`
    return c.html(renderShell(portal, currentUser(c, portal), { title: 'Исходящий вебхук', active: PAGE, body }))
  })
  app.post(`${PAGE}add/`, async (c) => {
    const { handler, events } = submitted(await readForm(c))
    sandbox.addOutgoingWebhook(handler, events)
    return c.redirect(PAGE, 303)
  })
  app.post(`${PAGE}:id/save/`, async (c) => {
    Object.assign(hookOf(c), submitted(await readForm(c)))
    portal.persist()
    return c.redirect(PAGE, 303)
  })
  app.post(`${PAGE}:id/delete/`, (c) => {
    const hook = hookOf(c)
    portal.state.outgoingWebhooks = portal.state.outgoingWebhooks.filter((h) => h !== hook)
    portal.persist()
    return c.redirect(PAGE, 303)
  })
  return app
}
