import { describe, expect, it } from 'vitest'
import { leadNoticeHtml } from './lead-notice-html.ts'

const notice = {
  siteName: 'Shop <b>',
  title: 'Заявка с сайта — Иван',
  name: 'Иван <script>',
  phone: '+79161234567',
  email: null,
  message: 'Нужна <i>смета</i> & доставка',
  fileNames: ['a<b>.pdf', 'план.png'],
  leadUrl: 'https://portal.example/crm/lead/details/5/',
  isRepeat: false,
}

describe('leadNoticeHtml', () => {
  it('escapes every user string and links the lead', () => {
    const html = leadNoticeHtml(notice, 'ru')
    expect(html).toContain('<b>Новая заявка с сайта</b> · Shop &lt;b&gt;')
    expect(html).toContain('Иван &lt;script&gt;')
    expect(html).toContain('Нужна &lt;i&gt;смета&lt;/i&gt; &amp; доставка')
    expect(html).toContain('Файлы: a&lt;b&gt;.pdf, план.png')
    expect(html).toContain('<a href="https://portal.example/crm/lead/details/5/">Открыть лид в Битрикс24</a>')
    expect(html).not.toContain('E-mail')
  })

  it('speaks English and names a repeat request', () => {
    const html = leadNoticeHtml({ ...notice, isRepeat: true, fileNames: [] }, 'en')
    expect(html).toContain('<b>Repeat request from a known customer</b>')
    expect(html).toContain('Open the lead in Bitrix24')
    expect(html).not.toContain('Files')
  })
})
