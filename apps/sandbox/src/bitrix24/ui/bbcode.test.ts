import { describe, expect, it } from 'vitest'
import { isAppLink, renderBbCode } from './bbcode.ts'

const render = (text: string) => String(renderBbCode(text))

describe('renderBbCode', () => {
  it('turns [URL] tags into links and escapes the rest', () => {
    expect(render('a <b> [URL=/company/]Компания[/URL] c')).toBe('a &lt;b&gt; <a href="/company/">Компания</a> c')
    expect(render('[URL]https://x.example/a?b=1&c=2[/URL]')).toBe(
      '<a href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2</a>',
    )
  })

  it('opens an app link in the slider and never links a script', () => {
    expect(render('[URL=/marketplace/view/local.1/?params%5Bapproval%5D=A1]Открыть[/URL]')).toBe(
      '<a href="/marketplace/view/local.1/?params%5Bapproval%5D=A1" data-slider="Приложение">Открыть</a>',
    )
    expect(render('[URL=javascript:alert(1)]x[/URL]')).toBe('x')
    expect(render('[URL="><script>]x[/URL]')).toBe('x')
  })

  it('knows app links by their path', () => {
    expect(isAppLink('http://127.0.0.1:1/marketplace/view/a/?x=1')).toBe(true)
    expect(isAppLink('/marketplace/app/a/')).toBe(false)
  })
})
