import { createPinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { movedIndex, searchableText } from '../../composables/crm-search.ts'
import { usePortalStore } from '../../stores/portal.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import { appApiFetch, fakePortalFrame, type ApiRequest } from '../../test-support/portal-frame.ts'
import LayoutCrmPicker from './LayoutCrmPicker.vue'

const match = (id: number, title: string, extra: Record<string, unknown> = {}) => ({
  ...{ kind: 'deal', id, title, stage: 'Переговоры', amount: 150000, currency: 'RUB', client: null },
  ...extra,
})

describe('searchableText and movedIndex', () => {
  it('searches from 2 characters (or any id), trimmed and cut at 100', () => {
    expect(searchableText(' п ')).toBeNull()
    expect(searchableText('по')).toBe('по')
    expect(searchableText(' 7 ')).toBe('7')
    expect(searchableText('x'.repeat(150))).toHaveLength(100)
  })

  it('moves through the options with wrap-around, from nothing to the first or the last', () => {
    expect(movedIndex(-1, 1, 3)).toBe(0)
    expect(movedIndex(-1, -1, 3)).toBe(2)
    expect(movedIndex(2, 1, 3)).toBe(0)
    expect(movedIndex(0, -1, 3)).toBe(2)
    expect(movedIndex(0, 1, 0)).toBe(-1)
  })
})

async function mountPicker(answer: (request: ApiRequest) => [number, unknown]) {
  const api = appApiFetch((request) =>
    request.url.pathname === '/api/app/me' ? [200, { user: { id: 3 }, portal: {}, connection: {} }] : answer(request),
  )
  const pinia = createPinia()
  await usePortalStore(pinia).connect(fakePortalFrame(), { baseUrl: 'http://app.test', fetch: api.fetch })
  const wrapper = mountWithApp(LayoutCrmPicker, { pinia })
  const searches = () => api.requests.filter((r) => r.url.pathname.startsWith('/api/app/subjects/'))
  return { wrapper, searches, input: wrapper.find('[data-testid="crm-picker-search"] input, input') }
}

describe('LayoutCrmPicker', () => {
  it('sends one search after typing pauses and picks with the keyboard', async () => {
    const found = [match(12, 'Поставка серверов'), match(6, 'Поставка мебели', { client: 'Анна Смирнова' })]
    const { wrapper, searches, input } = await mountPicker(() => [200, { items: found }])
    for (const typed of ['п', 'по', 'пос', 'пост']) await input.setValue(typed)
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="crm-picker-option"]')).toHaveLength(2))
    expect(searches().map((r) => [r.url.pathname, r.url.searchParams.get('q')])).toEqual([
      ['/api/app/subjects/deal', 'пост'],
    ])
    const options = wrapper.findAll('[role="option"]')
    expect(options[1]!.text()).toContain('#6 · Переговоры · Анна Смирнова')
    expect(options[0]!.attributes('aria-selected')).toBe('true')
    await input.trigger('keydown', { key: 'ArrowDown' })
    expect(options[1]!.attributes('aria-selected')).toBe('true')
    expect(input.attributes('aria-activedescendant')).toBe(options[1]!.attributes('id'))
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('pick')).toEqual([[found[1]]])
  })

  it('asks nothing for one letter, then says when nothing matches', async () => {
    const { wrapper, searches, input } = await mountPicker(() => [200, { items: [] }])
    await input.setValue('п')
    await new Promise((resolve) => setTimeout(resolve, 450))
    expect(searches()).toEqual([])
    await input.setValue('пусто')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="crm-picker-empty"]').exists()).toBe(true))
    expect(wrapper.text()).toContain('No deals you may see match this.')
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('pick')).toBeUndefined()
  })

  it('shows why the search failed and tries again on request', async () => {
    let isDown = true
    const { wrapper, searches, input } = await mountPicker(() =>
      isDown
        ? [503, { error: { code: 'BITRIX24_UNAVAILABLE', message: 'down' } }]
        : [200, { items: [match(3, 'Лицензии ПО', { kind: 'lead' })] }],
    )
    await input.setValue('лиц')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="crm-picker-error"]').exists()).toBe(true))
    expect(wrapper.text()).toContain('Bitrix24 could not search')
    isDown = false
    await wrapper.find('[data-testid="crm-picker-error"] button').trigger('click')
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="crm-picker-option"]')).toHaveLength(1))
    expect(searches()).toHaveLength(2)
    await wrapper.find('[data-testid="crm-picker-option"]').trigger('click')
    expect(wrapper.emitted('pick')![0]![0]).toMatchObject({ id: 3, kind: 'lead' })
  })
})
