import { describe, expect, it } from 'vitest'
import { listQueryFromRoute, routeQueryOf } from './approvals-page.ts'

describe('listQueryFromRoute', () => {
  it('reads every filter of a shared link', () => {
    const query = {
      role: 'initiator',
      status: 'expired',
      sort: 'deadline',
      templateId: 'T1',
      q: 'Ромашка',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-30T23:59:59.999Z',
      subjectKind: 'lead',
      subjectId: '17',
    }
    expect(listQueryFromRoute(query)).toEqual({ ...query, subjectId: 17 })
  })

  it.each([
    ['an unknown sort', { sort: 'priority' }, {}],
    ['an unknown status and role', { status: 'lost', role: 'boss' }, {}],
    ['a date that is no date', { from: 'yesterday' }, {}],
    ['a subject id without its kind', { subjectId: '5' }, {}],
    ['a subject id that is no positive integer', { subjectKind: 'deal', subjectId: '-1' }, { subjectKind: 'deal' }],
    ['empty values', { q: '', templateId: '' }, {}],
  ])('leaves out %s', (_name, query: Record<string, string>, expected) => {
    expect(listQueryFromRoute(query)).toEqual(expected)
  })

  it('takes the first of repeated parameters', () => {
    expect(listQueryFromRoute({ status: ['approved', 'rejected'] })).toEqual({ status: 'approved' })
  })
})

describe('routeQueryOf', () => {
  it('writes the set filters as strings, without the page size, and reads back the same', () => {
    const query = {
      role: 'all' as const,
      sort: 'oldest' as const,
      subjectKind: 'deal' as const,
      subjectId: 21,
      limit: 25,
    }
    const route = routeQueryOf({ ...query, q: '' })
    expect(route).toEqual({ role: 'all', sort: 'oldest', subjectKind: 'deal', subjectId: '21' })
    expect(listQueryFromRoute(route)).toEqual({ role: 'all', sort: 'oldest', subjectKind: 'deal', subjectId: 21 })
  })
})
