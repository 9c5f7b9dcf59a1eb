/**
 * @module Entry of the portal page script: the top window's slider, links that open in the slider, and every app
 * layout on the page. Bundled by `../client-bundle.ts` and loaded by every portal page.
 */
import { startAppLayout } from './app-layout.ts'
import { layoutConfigAttribute, type LayoutConfig } from './layout-config.ts'
import { createSliderManager, topSlider, type SliderManager } from './slider.ts'

if (window === window.top) {
  ;(window as Window & { b24SandboxSlider?: SliderManager }).b24SandboxSlider = createSliderManager()
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[data-slider]')
  if (!(link instanceof HTMLAnchorElement)) return
  event.preventDefault()
  const url = new URL(link.href)
  url.searchParams.set('IFRAME', 'Y')
  url.searchParams.set('IFRAME_TYPE', 'SIDE_SLIDER')
  topSlider().open(url.pathname + url.search, { title: link.dataset.slider ?? '' })
})

for (const script of document.querySelectorAll(`script[${layoutConfigAttribute}]`)) {
  startAppLayout(JSON.parse(script.textContent ?? '{}') as LayoutConfig)
}
