/** @module Test support: mounts a component with the SPA's real plugins (i18n, b24ui, a memory router). */
import b24UiPlugin from '@bitrix24/b24ui-nuxt/vue-plugin'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Component } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { createAppI18n, type AppLocale } from '../i18n/index.ts'
import { routes } from '../router/index.ts'

/** How a component is mounted: its props, the interface language (English by default), the Pinia instance. */
export interface MountOptions {
  props?: Record<string, unknown>
  locale?: AppLocale
  pinia?: Pinia
}

/** Mounts `component` with `props` in `locale` (English by default). */
export function mountWithApp(component: Component, options: MountOptions = {}) {
  return mountAt(component, createRouter({ history: createMemoryHistory(), routes }), options)
}

/** Mounts a page as the router shows it at `path` (`/crm/deal/21`), so `useRoute()` reads that route. */
export async function mountPage(component: Component, path: string, options: MountOptions = {}) {
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  return { wrapper: mountAt(component, router, options), router }
}

function mountAt(component: Component, router: Router, options: MountOptions) {
  const pinia = options.pinia ?? createPinia()
  setActivePinia(pinia)
  return mount(component, {
    props: options.props,
    global: { plugins: [pinia, createAppI18n(options.locale ?? 'en'), router, b24UiPlugin] },
    attachTo: document.body,
  })
}
