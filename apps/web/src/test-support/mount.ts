/** @module Test support: mounts a component with the SPA's real plugins (i18n, b24ui, a memory router). */
import b24UiPlugin from '@bitrix24/b24ui-nuxt/vue-plugin'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Component } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { createAppI18n, type AppLocale } from '../i18n/index.ts'
import { routes } from '../router/index.ts'

/** Mounts `component` with `props` in `locale` (English by default). */
export function mountWithApp(
  component: Component,
  options: { props?: Record<string, unknown>; locale?: AppLocale; pinia?: Pinia } = {},
) {
  const pinia = options.pinia ?? createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  return mount(component, {
    props: options.props,
    global: { plugins: [pinia, createAppI18n(options.locale ?? 'en'), router, b24UiPlugin] },
    attachTo: document.body,
  })
}
