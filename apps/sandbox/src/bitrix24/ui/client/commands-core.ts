/**
 * @module Handlers of the layout commands that touch the frame itself, its auth and its options (reference
 * §6.4, mirroring `BX.rest.AppLayout.MessageInterface`).
 */
import type { CommandHandler, LayoutContext, Reply } from './layout-context.ts'
import { layoutAjax } from './layout-context.ts'
import { showToast } from './portal-ajax.ts'

const reportFailure =
  (command: string) =>
  (error: unknown): void => {
    showToast(`${command}: ${error instanceof Error ? error.message : String(error)}`, 'error')
  }

const getInitData: CommandHandler = (_params, reply, context) => {
  reply({ ...context.config.initData, ...context.auth, DOMAIN: location.host, FIRST_RUN: context.firstRun })
  context.firstRun = false
}

const getInterface: CommandHandler = (_params, reply, context) => {
  // Placement-specific commands only; the common ones are not listed (so DEFAULT answers empty lists).
  reply({ command: [], event: [...context.config.placementEvents] })
}

interface TokenAnswer {
  access_token: string
  expires_in: number
  refresh_token: string
}

const refreshAuth: CommandHandler = (_params, reply, context) => {
  void layoutAjax<TokenAnswer>(context, 'refresh-auth').then((data) => {
    context.auth = {
      AUTH_ID: data.access_token,
      AUTH_EXPIRES: String(data.expires_in),
      REFRESH_ID: data.refresh_token,
    }
    reply({ ...context.auth })
  }, reportFailure('refreshAuth'))
}

const setInstallFinish: CommandHandler = (params, _reply, context) => {
  const value = params.value === false ? 'N' : 'Y'
  void layoutAjax<{ result: boolean }>(context, 'set-installed', { v: value }).then((data) => {
    const url = new URL(location.href)
    url.searchParams.set('install_finished', data.result ? 'Y' : 'N')
    location.href = url.toString()
  }, reportFailure('setInstallFinish'))
}

const setInstall: CommandHandler = (params, reply, context) => {
  void layoutAjax(context, 'set-install', { install: Boolean(params.install) }).then(
    () => reply(params),
    reportFailure('setInstall'),
  )
}

const setUserOption: CommandHandler = (params, reply, context) => {
  context.config.initData.USER_OPTIONS[String(params.name)] = params.value
  void layoutAjax(context, 'set-user-option', { name: params.name, value: params.value }).then(
    () => reply(params),
    reportFailure('setUserOption'),
  )
}

function sendAppOptions(context: LayoutContext): void {
  const stack = context.appOptionsStack.splice(0)
  if (stack.length === 0) return
  const options = stack.map(({ name, value }) => ({ name, value }))
  void layoutAjax<Record<string, unknown>>(context, 'set-option', { options }).then((data) => {
    context.config.initData.APP_OPTIONS = data
    for (const entry of stack) entry.reply(data)
  }, reportFailure('setAppOption'))
}

const setAppOption: CommandHandler = (params, reply, context) => {
  if (!context.config.initData.IS_ADMIN) return // the portal ignores it for non-admins, without an answer
  context.appOptionsStack.push({ name: String(params.name), value: params.value, reply })
  setTimeout(() => sendAppOptions(context), 0)
}

const resizeWindow: CommandHandler = (params, reply, context) => {
  const width = params.width === '100%' ? '100%' : `${Number.parseInt(String(params.width)) || 100}px`
  const height = Number.parseInt(String(params.height))
  context.layout.style.width = width
  if (height) context.layout.style.height = `${height}px`
  const box = context.layout.getBoundingClientRect()
  reply({ width: box.width, height: box.height })
}

const setTitle: CommandHandler = (params, reply) => {
  const title = document.getElementById('pagetitle')
  if (title) title.textContent = String(params.title ?? '')
  reply(params)
}

const setScroll: CommandHandler = (params, reply) => {
  const scroll = Number(params.scroll)
  if (Number.isFinite(scroll) && scroll >= 0) window.scrollTo(window.scrollX, scroll)
  reply(params)
}

const reloadWindow: CommandHandler = () => {
  location.reload()
}

const placementBindEvent: CommandHandler = (params, reply: Reply, context) => {
  const event = String(params.event ?? '')
  if (!context.config.placementEvents.includes(event)) return
  context.boundEvents.set(event, [...(context.boundEvents.get(event) ?? []), reply])
}

/** Commands every layout answers (minus its denied ones). */
export const coreCommands: Record<string, CommandHandler> = {
  getInitData,
  getInterface,
  refreshAuth,
  setInstallFinish,
  setInstall,
  setUserOption,
  setAppOption,
  resizeWindow,
  setTitle,
  setScroll,
  reloadWindow,
}

/** Commands only non-`DEFAULT` placements answer (`MessageInterfacePlacement`). */
export const placementCommands: Record<string, CommandHandler> = { placementBindEvent }
