/**
 * @module The page a browser sees when signing in with Bitrix24 fails (issue 23): the callback and the start of
 * sign-in are page navigations, not SPA calls, so their errors are a small HTML page in Russian or English (by
 * `Accept-Language`) with a way to try again, and the status of the error's class. No request value is shown.
 */
import type { Context, ErrorHandler } from 'hono'
import { onError } from './errors.ts'

type Texts = { title: string; again: string; byCode: Record<string, string>; other: string }

const ru: Texts = {
  title: 'Не удалось войти через Битрикс24',
  again: 'Войти заново',
  byCode: {
    SIGN_IN_STATE_INVALID: 'Вход начат не в этом браузере, устарел или уже завершён. Начните вход заново.',
    PORTAL_NOT_INSTALLED: 'Приложение не установлено на этом портале. Попросите администратора установить его.',
    PORTAL_MISMATCH: 'Ответ пришёл от другого портала или выдан другому приложению. Начните вход заново.',
    SIGN_IN_CODE_REJECTED: 'Битрикс24 не принял код входа: он устарел или выдан другому приложению.',
    BITRIX24_TOKEN_REJECTED: 'Сервер авторизации Битрикс24 не подтвердил вход.',
    VALIDATION_FAILED: 'В адресе входа не хватает данных. Начните вход заново.',
  },
  other: 'Битрикс24 сейчас не ответил. Попробуйте ещё раз через минуту.',
}

const en: Texts = {
  title: 'Could not sign in with Bitrix24',
  again: 'Sign in again',
  byCode: {
    SIGN_IN_STATE_INVALID:
      'This sign-in was started in another browser, has expired or is already finished. Start again.',
    PORTAL_NOT_INSTALLED: 'The app is not installed in this portal. Ask its administrator to install it.',
    PORTAL_MISMATCH: 'The answer came from another portal or was issued to another application. Start again.',
    SIGN_IN_CODE_REJECTED: 'Bitrix24 refused the sign-in code: it has expired or belongs to another application.',
    BITRIX24_TOKEN_REJECTED: 'The Bitrix24 authorization server did not confirm the sign-in.',
    VALIDATION_FAILED: 'The sign-in address lacks data. Start again.',
  },
  other: 'Bitrix24 did not answer just now. Try again in a minute.',
}

function page(texts: Texts, code: string, lang: string): string {
  const reason = texts.byCode[code] ?? texts.other
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${texts.title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:24px;color:#1f2a37}main{max-width:32rem;margin:auto}
a{display:inline-block;margin-top:12px;padding:12px 20px;border-radius:8px;background:#2066b0;color:#fff;text-decoration:none}</style>
</head><body><main data-error-code="${code}"><h1>${texts.title}</h1><p>${reason}</p>
<a href="/" data-testid="sign-in-again">${texts.again}</a></main></body></html>`
}

/** The error handler of the sign-in routes: the status and code `onError` gives, shown as a page. */
export const signInErrorPage: ErrorHandler = async (error, c: Context) => {
  const answer = await onError(error, c)
  const body = (await answer.clone().json()) as { error?: { code?: string } }
  const code = body.error?.code ?? 'INTERNAL'
  const isRussian = /^ru\b/i.test(c.req.header('accept-language') ?? '')
  c.header('Content-Type', 'text/html; charset=utf-8')
  return c.html(
    page(isRussian ? ru : en, code.replace(/[^A-Z0-9_]/g, ''), isRussian ? 'ru' : 'en'),
    answer.status as 400,
  )
}
