import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { ApprovalDto } from '../../api/types.ts'
import { createAppI18n, type AppLocale } from '../../i18n/index.ts'
import ApprovalStages from './ApprovalStages.vue'

type Round = ApprovalDto['rounds'][number]
type Stage = Round['stages'][number]
const names: Record<number, string> = { 6: 'Дмитрий Лебедев', 8: 'Сергей Морозов', 9: 'Татьяна Волкова' }

const stage = (leavers: { userId: number; toUserId: number | null }[]): Stage =>
  ({
    rule: { kind: 'all' },
    deadline: null,
    resolution: { roles: [], delegations: [], leavers, skipped: null },
    seats: [{ userId: 6, originalUserId: 8, response: null }],
    ...{ startedAt: '2026-11-25T08:00:00.000Z', endedAt: null, outcome: null, dueAt: null, isEscalated: false },
    ...{ overdueAt: null, remindersSent: 0, nextReminderAt: null },
  }) as Stage

function render(leavers: { userId: number; toUserId: number | null }[], locale: AppLocale) {
  const round = { stages: [stage(leavers)] } as unknown as Round
  const props = { round, nameOf: (id: number) => names[id] ?? `#${id}` }
  return mount(ApprovalStages, {
    props,
    global: {
      plugins: [createAppI18n(locale)],
      stubs: { B24Card: { template: '<div><slot /></div>' }, B24Badge: true },
    },
  })
}

describe('ApprovalStages: leavers', () => {
  it('says whose place a head took because the approver left, in Russian and English', () => {
    const leavers = [{ userId: 8, toUserId: 6 }]
    expect(render(leavers, 'ru').get('[data-testid="stage-leavers"]').text()).toBe(
      'Сергей Морозов уволен(а): место передано — Дмитрий Лебедев',
    )
    expect(render(leavers, 'en').get('[data-testid="stage-leavers"]').text()).toBe(
      'Сергей Морозов left the company: their place went to Дмитрий Лебедев',
    )
  })

  it('says when nobody could take the place, and shows nothing without leavers', () => {
    expect(
      render([{ userId: 9, toUserId: null }], 'en')
        .get('[data-testid="stage-leavers"]')
        .text(),
    ).toBe('Татьяна Волкова left the company: nobody could take their place')
    expect(render([], 'ru').find('[data-testid="stage-leavers"]').exists()).toBe(false)
  })
})
