/**
 * @module The portal's side panel ("slider", `BX.SidePanel`): `openPath` and `openApplication` open a portal page
 * in it, `closeApplication` closes it. The manager lives in the top window; nested pages reach it through
 * `window.top` (same origin).
 */

/** Options of one slider, from `openApplication`'s `bx24_*` keys or the page that opens it. */
export interface SliderOptions {
  width?: number
  title?: string
  label?: string
  /** Called once the slider has closed. */
  onClose?: () => void
}

/** The slider manager the top window exposes as `window.b24SandboxSlider`. */
export interface SliderManager {
  open(url: string, options?: SliderOptions): void
  /** Closes the topmost slider; `then` runs after it is gone. */
  closeTop(then?: () => void): void
  /** Closes the slider whose iframe holds `win`, if any. @returns whether one was found. */
  closeContaining(win: Window, then?: () => void): boolean
  count(): number
}

interface OpenSlider {
  root: HTMLElement
  frame: HTMLIFrameElement
  onClose?: () => void
}

function buildSlider(url: string, options: SliderOptions, depth: number): OpenSlider {
  const root = document.createElement('div')
  root.className = 'portal-slider'
  root.style.zIndex = String(1000 + depth * 10)
  const panel = document.createElement('div')
  panel.className = 'portal-slider__panel'
  panel.style.width = `${Math.min(options.width ?? 1200, window.innerWidth - 60 - depth * 30)}px`
  const head = document.createElement('div')
  head.className = 'portal-slider__head'
  const title = document.createElement('span')
  title.textContent = options.title ?? ''
  const close = document.createElement('button')
  close.type = 'button'
  close.className = 'portal-slider__close'
  close.textContent = '×'
  close.title = 'Закрыть'
  head.append(title, close)
  if (options.label) {
    const label = document.createElement('span')
    label.className = 'portal-slider__label'
    label.textContent = options.label
    head.append(label)
  }
  const frame = document.createElement('iframe')
  frame.className = 'portal-slider__frame'
  frame.src = url
  panel.append(head, frame)
  root.append(panel)
  return { root, frame, onClose: options.onClose }
}

/** Creates the manager for the current (top) window. */
export function createSliderManager(): SliderManager {
  const stack: OpenSlider[] = []
  const closeAt = (index: number, then?: () => void): void => {
    const [slider] = stack.splice(index, 1)
    if (!slider) return
    slider.root.remove()
    slider.onClose?.()
    then?.()
  }
  const manager: SliderManager = {
    open(url, options = {}) {
      const slider = buildSlider(url, options, stack.length)
      slider.root.addEventListener('click', (event) => {
        if (event.target === slider.root) closeAt(stack.indexOf(slider))
      })
      slider.root.querySelector('.portal-slider__close')?.addEventListener('click', () => {
        closeAt(stack.indexOf(slider))
      })
      stack.push(slider)
      document.body.append(slider.root)
    },
    closeTop(then) {
      closeAt(stack.length - 1, then)
    },
    closeContaining(win, then) {
      const index = stack.findIndex((slider) => slider.frame.contentWindow === win)
      if (index === -1) return false
      closeAt(index, then)
      return true
    },
    count: () => stack.length,
  }
  return manager
}

/** The top window's slider manager (created by the top page's bundle). */
export function topSlider(): SliderManager {
  const top = (window.top ?? window) as Window & { b24SandboxSlider?: SliderManager }
  if (!top.b24SandboxSlider) throw new Error('The portal slider is not available in the top window')
  return top.b24SandboxSlider
}
