/**
 * @module What the portal UI shows when an action fails: the REST error of the method it called (the portal UI
 * acts through the same methods as apps) or a plain HTTP error, with a way back.
 */
import type { Context } from 'hono'
import { html } from 'hono/html'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { RestError } from '../rest/rest-error.ts'

function describe(error: unknown): { status: ContentfulStatusCode; title: string; text: string } {
  if (error instanceof RestError) {
    const status = (error.status >= 400 && error.status < 600 ? error.status : 400) as ContentfulStatusCode
    return { status, title: `Ошибка ${error.code || 'CRM'}`, text: error.description }
  }
  if (error instanceof HTTPException) return { status: error.status, title: 'Ошибка', text: error.message }
  return { status: 500, title: 'Внутренняя ошибка песочницы', text: error instanceof Error ? error.message : '' }
}

/** `onError` of the portal UI: a small error page; unexpected errors are also logged. */
export function renderUiError(error: unknown, c: Context): Response | Promise<Response> {
  const { status, title, text } = describe(error)
  if (status >= 500) console.error('[sandbox portal UI]', error)
  const back = c.req.header('referer') ?? '/'
  return c.html(
    html`<!doctype html>
      <html lang="ru">
        <head>
          <meta charset="utf-8" />
          <title>${title}</title>
          <link rel="stylesheet" href="/ui/assets/portal.css" />
        </head>
        <body>
          <main class="content">
            <h1 id="pagetitle">${title}</h1>
            <div class="notice">${text}</div>
            <a class="btn" href="${back}">Назад</a>
          </main>
        </body>
      </html>`,
    status,
  )
}
