import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { ApprovalDto } from '../../api/types.ts'
import { createAppI18n, type AppLocale } from '../../i18n/index.ts'
import ApprovalAudit from './ApprovalAudit.vue'

type Entry = ApprovalDto['audit'][number]
const names: Record<number, string> = { 1: 'Админ Портала', 2: 'Анна Смирнова', 3: 'Борис Петров' }
const base: Entry = {
  ...{ seq: 2, at: '2026-11-25T08:00:00.000Z', action: 'task-change', actorId: 2, actingFor: null },
  ...{ channel: 'bitrix24', comment: null, round: 1, stageIndex: 0, handovers: [], timeoutAction: null },
  ...{ outcome: null, task: { taskId: 501, userId: 2, change: 'completed', notCounted: 'setting-off' } },
}

function render(entry: Entry, locale: AppLocale) {
  const props = { audit: [entry], nameOf: (id: number) => names[id] ?? `#${id}` }
  const wrapper = mount(ApprovalAudit, { props, global: { plugins: [createAppI18n(locale)] } })
  /** The entry's parts joined by spaces, as a reader sees them. */
  const line = () =>
    wrapper
      .findAll('li > span')
      .map((span) => span.text())
      .join(' ')
  return Object.assign(wrapper, { line })
}

describe('ApprovalAudit: task changes in Bitrix24', () => {
  it('says the approver completed their task and why it did not count, in Russian and English', () => {
    const ru = render(base, 'ru')
    expect(ru.line()).toContain('Анна Смирнова завершил(а) задачу в Битрикс24')
    expect(ru.get('[data-testid="audit-task-not-counted"]').text()).toBe(
      'Не засчитано как согласование: на этом портале завершение задачи не считается ответом.',
    )
    expect(ru.find('[data-testid="audit-task-of"]').exists()).toBe(false)
    expect(render(base, 'en').line()).toContain('Анна Смирнова completed the task in Bitrix24')
  })

  it('names whose task someone else changed, and a refusal in the words of the error texts', () => {
    const byAdmin = { ...base, actorId: 1, task: { ...base.task!, notCounted: 'COMMENT_REQUIRED' as const } }
    const wrapper = render(byAdmin, 'en')
    expect(wrapper.get('[data-testid="audit-task-of"]').text()).toBe('Task of Анна Смирнова')
    expect(wrapper.get('[data-testid="audit-task-not-counted"]').text()).toMatch(/^Not counted as an approval: .+/)
    expect(wrapper.get('[data-testid="audit-task-not-counted"]').text()).not.toContain('COMMENT_REQUIRED')
  })

  it('says deleted and deferred tasks, without a "not counted" line', () => {
    const deleted = { ...base, actorId: 3, task: { ...base.task!, change: 'deleted' as const, notCounted: null } }
    const wrapper = render(deleted, 'ru')
    expect(wrapper.line()).toContain('Борис Петров удалил(а) задачу в Битрикс24')
    expect(wrapper.find('[data-testid="audit-task-not-counted"]').exists()).toBe(false)
    const deferred = { ...base, task: { ...base.task!, change: 'deferred' as const, notCounted: null } }
    expect(render(deferred, 'en').line()).toContain('deferred the task in Bitrix24')
  })
})
