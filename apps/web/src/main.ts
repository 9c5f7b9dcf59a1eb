/**
 * @module Boots the SPA: connects to the Bitrix24 frame, picks the language from the portal's `LANG`, loads the
 * signed-in user and opens the page the placement asks for. Outside Bitrix24 it uses the session of a person
 * signed in with Bitrix24, or shows the page that explains how to open the app and offers to sign in.
 */
import './assets/css/main.css'
import b24UiPlugin from '@bitrix24/b24ui-nuxt/vue-plugin'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { connectFrame, type FrameFailure, type PortalFrame } from './b24/frame.ts'
import { loadSession, standaloneFrame } from './b24/standalone.ts'
import { followPageTitle } from './b24/page-title.ts'
import { startRouteOf } from './b24/placement.ts'
import { appLocaleOf, createAppI18n } from './i18n/index.ts'
import { createAppRouter } from './router/index.ts'
import { usePortalStore } from './stores/portal.ts'

/** Outside the frame: the session of a person signed in with Bitrix24, as a frame (issue 23); null without one. */
async function standalone(connected: FrameFailure) {
  if (connected.kind !== 'outside') return null
  const session = await loadSession(window.location.origin).catch((error: unknown) => {
    console.warn('The session could not be read', error)
    return null
  })
  if (!session) return null
  return { session, frame: standaloneFrame(session, window.location.origin, navigator.language.slice(0, 2)) }
}

async function start() {
  const connected = await connectFrame()
  const signedIn = 'kind' in connected ? await standalone(connected) : null
  const frame: PortalFrame | null = 'kind' in connected ? (signedIn?.frame ?? null) : connected
  const locale = appLocaleOf(frame?.lang ?? navigator.language.slice(0, 2))
  const i18n = createAppI18n(locale)
  const pinia = createPinia()
  const router = createAppRouter()
  const failure = frame ? null : (connected as FrameFailure)
  const app = createApp(App, { failure, locale, session: signedIn?.session ?? null })
  app.use(pinia).use(i18n).use(router).use(b24UiPlugin)
  if (frame?.isInstallMode) usePortalStore(pinia).attach(frame)
  else if (frame) {
    await usePortalStore(pinia).connect(frame, { baseUrl: window.location.origin })
    followPageTitle(router, frame, (key) => i18n.global.t(key))
    const startRoute = startRouteOf(frame.placement, frame.placementOptions)
    // Standalone, the address names the page (`#/approvals/…`): the router's own first navigation opens it.
    if (startRoute || !signedIn) await router.replace(startRoute ?? router.currentRoute.value.fullPath)
  }
  app.mount('#app')
}

void start()
