import { describe, expect, it } from 'vitest'
import { emptySiteForm, siteFormOf, siteInputOf } from './sites.ts'

describe('site forms', () => {
  it('start with the default title and the current user responsible', () => {
    expect(emptySiteForm(7)).toMatchObject({ assignedById: 7, titleTemplate: 'Заявка с сайта — {name}', origins: '' })
  })

  it('split origins by lines, commas and spaces and drop a trailing slash', () => {
    const form = { ...emptySiteForm(1), name: 'S', origins: 'https://a.example/\nhttps://b.example, https://c.example' }
    expect(siteInputOf(form).origins).toEqual(['https://a.example', 'https://b.example', 'https://c.example'])
  })

  it('edit a site as one origin per line, without its key and times', () => {
    const site = {
      ...siteInputOf({ ...emptySiteForm(1), name: 'S', origins: 'https://a.example https://b.example' }),
      key: 'k'.repeat(22),
      createdAt: '2026-12-07T10:00:00.000Z',
      updatedAt: '2026-12-07T10:00:00.000Z',
    }
    const form = siteFormOf(site)
    expect(form.origins).toBe('https://a.example\nhttps://b.example')
    expect(form).not.toHaveProperty('key')
  })
})
