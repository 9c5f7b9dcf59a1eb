/** @module Sets the portal's page title (`setTitle`) from each route's `meta.title`. */
import type { Router } from 'vue-router'
import type { PortalFrame } from './frame.ts'

/** After each navigation, sets the title of the Bitrix24 page to the route's translated `meta.title`. */
export function followPageTitle(
  router: Router,
  frame: Pick<PortalFrame, 'setTitle' | 'placement'>,
  t: (key: string) => string,
) {
  router.afterEach((to) => {
    // Bitrix24 denies setTitle outside the DEFAULT placement (bitrix24-protocol.md §6.4).
    if (frame.placement !== 'DEFAULT' || typeof to.meta.title !== 'string') return
    frame.setTitle(t(to.meta.title)).catch((error: unknown) => console.warn('setTitle failed', error))
  })
}
