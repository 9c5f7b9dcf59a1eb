/**
 * @module The portal page frame: top bar with the user switcher, the left menu, the page title (`#pagetitle`,
 * which `setTitle` changes) and the content. Pages opened in a slider (`IFRAME=Y`) get the bare variant.
 */
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { Portal } from '../portal.ts'
import type { UserRecord } from '../state.ts'
import { userName } from './current-user.ts'

/** Server-rendered HTML; every interpolated value is escaped by `hono/html`. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>

/** What a page hands to the shell. */
export interface ShellPage {
  title: string
  /** `href` of the menu item to highlight. */
  active: string
  body: Html
  /** Rendered inside a slider: no top bar and no menu. */
  bare?: boolean
}

interface MenuItem {
  group: string
  label: string
  href: string
}

function menuItems(portal: Portal, user: UserRecord): MenuItem[] {
  const me = `/company/personal/user/${user.ID}`
  const app = portal.state.app
  const items: MenuItem[] = [
    { group: 'CRM', label: 'Сделки', href: '/crm/deal/' },
    { group: 'CRM', label: 'Лиды', href: '/crm/lead/' },
    { group: 'Работа', label: 'Задачи', href: `${me}/tasks/` },
    { group: 'Работа', label: 'Уведомления', href: `${me}/notifications/` },
    { group: 'Работа', label: 'Сотрудники', href: '/company/' },
  ]
  if (app.active) items.push({ group: 'Приложения', label: 'Приложение', href: `/marketplace/app/${app.clientId}/` })
  items.push(
    { group: 'Приложения', label: 'Локальное приложение', href: '/devops/local-app/' },
    { group: 'Приложения', label: 'Исходящий вебхук', href: '/devops/outgoing-webhook/' },
    { group: 'Песочница', label: 'Доставка событий', href: '/sandbox/events/' },
    { group: 'Песочница', label: 'Журнал REST', href: '/sandbox/rest/' },
  )
  return items
}

function renderMenu(portal: Portal, user: UserRecord, active: string): Html {
  let group = ''
  return html`<nav class="menu">
    ${menuItems(portal, user).map((item) => {
      const heading = item.group === group ? '' : html`<div class="menu__group">${item.group}</div>`
      group = item.group
      const isActive = item.href === active
      return html`${heading}<a href="${item.href}" class="${isActive ? 'is-active' : ''}">${item.label}</a>`
    })}
  </nav>`
}

function renderSwitcher(portal: Portal, user: UserRecord): Html {
  const users = portal.state.users.filter((candidate) => candidate.ACTIVE)
  return html`<form method="post" action="/ui/switch-user">
    <label for="portal-user">Вы вошли как</label>
    <select id="portal-user" name="user" onchange="this.form.submit()">
      ${users.map(
        (candidate) =>
          html`<option value="${candidate.ID}" ${candidate.ID === user.ID ? 'selected' : ''}>
            ${userName(candidate)}${candidate.IS_ADMIN ? ' (администратор)' : ''}
          </option>`,
      )}
    </select>
    <noscript><button class="btn" type="submit">Войти</button></noscript>
  </form>`
}

/** Renders a whole portal page around `page.body`. */
export function renderShell(portal: Portal, user: UserRecord, page: ShellPage): Html {
  const head = html`<!doctype html>
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <title>${page.title} — Битрикс24 (песочница)</title>
        <link rel="stylesheet" href="/ui/assets/portal.css" />
        <script src="/ui/assets/portal.js" defer></script>
      </head>
    </html>`
  if (page.bare) {
    return html`${head}
      <body>
        <main class="content content--bare">
          <h1 id="pagetitle">${page.title}</h1>
          ${page.body}
        </main>
      </body>
    </html>`
  }
  return html`${head}
    <body>
      <header class="topbar">
        <a class="topbar__logo" href="/">Битрикс24<small>песочница</small></a>
        <span class="topbar__spacer"></span>
        ${renderSwitcher(portal, user)}
      </header>
      <div class="shell">
        ${renderMenu(portal, user, page.active)}
        <main class="content">
          <h1 id="pagetitle">${page.title}</h1>
          ${page.body}
        </main>
      </div>
    </body>
  </html>`
}
