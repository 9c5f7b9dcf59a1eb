import { describe, expect, it } from 'vitest'
import type { ApprovalCard } from '../../ports/messenger.ts'
import { renderCard, renderCardText } from './approval-card-html.ts'
import { escapeHtml, escapeWithin, maxMessageLength, plainText } from './html.ts'
import { en } from './locales/en.ts'
import { ru } from './locales/ru.ts'

const card: ApprovalCard = {
  memberId: 'm1',
  approvalId: '01JDAPPROVAL0000000000000A',
  title: 'Buy <laptops> & "mice"',
  description: 'Ten <b>laptops</b>',
  initiator: { userId: 3, name: 'Мария <Кузнецова>' },
  subject: {
    kind: 'deal',
    id: 7,
    title: 'Deal & co',
    amount: 1500.5,
    currency: 'USD',
    url: 'https://p.example/crm/deal/details/7/',
  },
  status: 'pending',
  isOpen: true,
  round: 2,
  stageNumber: 1,
  stageCount: 2,
  rule: { kind: 'all' },
  commentPolicy: 'optional',
  isSendBackAllowed: true,
  deadlineAt: '2026-11-25T15:00:00.000Z',
  lastDecision: {
    approver: { userId: 2, name: 'Иван' },
    kind: 'reject',
    comment: '<script>',
    at: '2026-11-25T10:00:00Z',
  },
  appUrl: 'https://app.example/approvals/01JD?x=1&y="2"',
}

describe('escapeHtml', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<b>', '&lt;b&gt;'],
    ['"q"', '&quot;q&quot;'],
    ['&lt;', '&amp;lt;'],
  ])('escapes %s', (input, output) => {
    expect(escapeHtml(input)).toBe(output)
    expect(plainText(escapeHtml(input))).toBe(input)
  })

  it('cuts on raw characters, never inside an entity', () => {
    const cut = escapeWithin('&&&&&&&&&&', 12)
    expect(cut).toBe('&amp;&amp;…')
    expect(cut.length).toBeLessThanOrEqual(12)
  })
})

describe('renderCardText', () => {
  it('escapes every user string and shows the fields in the portal time zone', () => {
    const text = renderCardText(card, { language: 'en', texts: en, timeZone: 'Europe/Moscow' })
    expect(text).toContain('<b>Buy &lt;laptops&gt; &amp; &quot;mice&quot;</b>')
    expect(text).toContain('Initiator: Мария &lt;Кузнецова&gt;')
    expect(text).toContain('<a href="https://p.example/crm/deal/details/7/">Deal «Deal &amp; co»</a> — $1,500.50')
    expect(text).toContain('Due: 25/11/2026, 18:00 (Europe/Moscow)')
    expect(text).toContain('Ten &lt;b&gt;laptops&lt;/b&gt;')
    expect(text).toContain('<i>&lt;script&gt;</i>')
    expect(text).toContain('href="https://app.example/approvals/01JD?x=1&amp;y=&quot;2&quot;"')
    expect(text).toContain('Stage 1 of 2 · round 2')
    expect(text).not.toMatch(/<(?!\/?(b|i|a)[ >])/)
  })

  it('shows who in the stage answered what, naming at most ten', () => {
    const progress = Array.from({ length: 12 }, (_, i) => ({
      name: `<P${i}>`,
      response: i === 0 ? ('reject' as const) : i === 1 ? ('approve' as const) : null,
    }))
    const text = renderCardText(card, { language: 'en', texts: en, progress })
    expect(text).toContain('Answered 2 of 12: ❌ &lt;P0&gt;, ✅ &lt;P1&gt;, ⏳ &lt;P2&gt;')
    expect(text).toContain('⏳ &lt;P9&gt; +2')
    expect(text).not.toContain('P10')
  })

  it('says on whose behalf a place is held, in the words the Bitrix24 task uses too', () => {
    const progress = [
      { name: 'Сергей <М>', response: null, behalf: { name: 'Елена Новикова', reason: 'deputy' as const } },
      { name: 'Ivan', response: 'approve' as const, behalf: { name: 'Olga', reason: 'escalation' as const } },
    ]
    expect(renderCardText(card, { language: 'ru', texts: ru, progress })).toContain(
      '⏳ Сергей &lt;М&gt; — за сотрудника: Елена Новикова (заместитель)',
    )
    expect(renderCardText(card, { language: 'en', texts: en, progress })).toContain(
      '✅ Ivan — on behalf of Olga (escalated after the deadline)',
    )
  })

  it('shows the whole of a long description in an expandable blockquote (issue #17 item 2)', () => {
    const description = `${'Пункт сметы & <итог>\n'.repeat(180)}Конец`.slice(0, 4000)
    const text = renderCardText({ ...card, description }, { language: 'ru', texts: ru })
    expect(plainText(text)).toContain(description)
    expect(text).toContain('<blockquote expandable>Пункт сметы &amp; &lt;итог&gt;')
    expect(plainText(text).length).toBeLessThanOrEqual(maxMessageLength)
    expect(text).not.toContain('Читать полностью')
    expect(renderCardText({ ...card, description: 'Коротко' }, { language: 'ru', texts: ru })).not.toContain(
      'blockquote',
    )
  })

  it('keeps a longer description within 4096 characters as Telegram counts them and links to the rest', () => {
    const long = { ...card, description: '<&>'.repeat(5_000) }
    const text = renderCardText(long, { language: 'ru', texts: ru })
    expect(plainText(text).length).toBeLessThanOrEqual(maxMessageLength)
    expect(text).toContain('…')
    expect(text).toContain('>Читать полностью</a>')
    expect(text).toContain('Открыть в Битрикс24')
    expect(renderCard(long, { language: 'ru', texts: ru }).isCut).toBe(true)
    expect(renderCard(card, { language: 'ru', texts: ru }).isCut).toBe(false)
  })

  it('shows no link for a subject without an http link', () => {
    const text = renderCardText(
      { ...card, subject: { ...card.subject!, url: 'javascript:alert(1)' } },
      { language: 'ru', texts: ru },
    )
    expect(text).not.toContain('javascript:')
    expect(text).toContain('Сделка «Deal &amp; co»')
  })
})
