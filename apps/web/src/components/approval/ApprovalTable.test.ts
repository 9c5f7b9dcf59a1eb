import type { Window as HappyWindow } from 'happy-dom'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { nextTick } from 'vue'
import type { ApprovalRow } from '../../api/types.ts'
import type { ApprovalSort } from '../../composables/approval-list.ts'
import { approvalRow } from '../../test-support/fixtures.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import ApprovalTable from './ApprovalTable.vue'

/** A pending row of a two-stage approval of deal 21 that waits for two people. */
const row = (id: string, overrides: Partial<ApprovalRow> = {}) =>
  approvalRow(id, {
    subject: { kind: 'deal', id: 21, title: '', amount: null, currency: null, url: null },
    stageCount: 2,
    waitingFor: [7, 8],
    ...overrides,
  })

function mountTable(props: { rows: ApprovalRow[]; sort?: ApprovalSort; isLoading?: boolean; emptyText?: string }) {
  const sorts: ApprovalSort[] = []
  const wrapper = mountWithApp(ApprovalTable, {
    props: {
      sort: 'newest',
      isLoading: false,
      emptyText: 'Nothing here',
      nameOf: (id: number) => (id === 3 ? 'Мария Петрова' : `#${id}`),
      'onUpdate:sort': (sort: ApprovalSort) => sorts.push(sort),
      ...props,
    },
  })
  return { wrapper, sorts }
}

/** Resizes the test window (happy-dom's default is 1024 × 768), which the table's media queries follow. */
const setViewport = (width: number, height: number) =>
  (window as unknown as HappyWindow).happyDOM.setViewport({ width, height })

const headerOf = (wrapper: ReturnType<typeof mountTable>['wrapper'], testid: string) =>
  wrapper.find(`[data-testid="${testid}"]`).element.closest('th')!

describe('ApprovalTable', () => {
  it('lists each approval as a row whose title links to its page, with status, people and progress', async () => {
    setViewport(1300, 800)
    onTestFinished(() => setViewport(1024, 768))
    const rows = [
      row('A1', { dueAt: '2026-12-01T09:00:00.000Z' }),
      row('A2', { status: 'approved', subject: null, waitingFor: [] }),
    ]
    const { wrapper } = mountTable({ rows })
    await nextTick()
    const links = wrapper.findAll('[data-testid="approval-link"]')
    expect(links.map((l) => [l.text(), l.attributes('href')])).toEqual([
      ['Счёт A1', '/approvals/A1'],
      ['Счёт A2', '/approvals/A2'],
    ])
    const first = wrapper.findAll('tbody tr')[0]!
    expect(first.text()).toContain('Pending')
    expect(first.text()).toContain('Мария Петрова')
    expect(first.text()).toContain('Deal #21')
    expect(first.text()).toContain('Stage 1 of 2')
    expect(first.text()).toContain('Waiting for 2')
    expect(first.find('time[datetime="2026-12-01T09:00:00.000Z"]').exists()).toBe(true)
    expect(wrapper.findAll('tbody tr')[1]!.text()).toContain('Approved')
  })

  it('marks an approval overdue once its deadline has passed or a deadline flagged it', () => {
    const rows = [
      row('LATE', { dueAt: '2020-01-01T00:00:00.000Z' }),
      row('FLAG', { dueAt: '2999-01-01T00:00:00.000Z', overdueAt: '2026-11-21T00:00:00.000Z' }),
      row('OK', { dueAt: '2999-01-01T00:00:00.000Z' }),
    ]
    const { wrapper } = mountTable({ rows })
    const overdue = wrapper.findAll('tbody tr').map((tr) => tr.text().includes('Overdue'))
    expect(overdue).toEqual([true, true, false])
  })

  it('flags a deadline that passes while the page stays open, within a minute', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-04T10:00:00.000Z'), toFake: ['Date', 'setInterval', 'clearInterval'] })
    try {
      const { wrapper } = mountTable({ rows: [row('SOON', { dueAt: '2026-12-04T10:00:30.000Z' })] })
      expect(wrapper.find('tbody tr').text()).not.toContain('Overdue')
      vi.advanceTimersByTime(60_000)
      await nextTick()
      expect(wrapper.find('tbody tr').text()).toContain('Overdue')
    } finally {
      vi.useRealTimers()
    }
  })

  it('stacks status, initiator and deadline under the title on phones, with no other column', async () => {
    setViewport(360, 740)
    try {
      const { wrapper } = mountTable({ rows: [row('A1', { dueAt: '2026-12-01T09:00:00.000Z' })] })
      await nextTick()
      const stack = wrapper.find('[data-testid="approval-stack"]')
      expect(stack.text()).toContain('Мария Петрова')
      expect(stack.text()).toContain('Deal #21')
      expect(stack.find('[data-testid="status-badge"]').exists()).toBe(true)
      expect(stack.find('[data-testid="approval-due"]').exists()).toBe(true)
      expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual(['Approval'])
    } finally {
      setViewport(1024, 768)
    }
  })

  it('shows title, status, initiator, created and deadline in the narrow slider and a 1024 px frame', () => {
    const { wrapper } = mountTable({ rows: [row('A1')] })
    expect(wrapper.find('[data-testid="approval-stack"]').exists()).toBe(false)
    expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual([
      'Approval',
      'Status',
      'Initiator',
      'Created',
      'Deadline',
    ])
  })

  it('gives every field its own column on a wide frame, without the stack', async () => {
    setViewport(1300, 800)
    try {
      const { wrapper } = mountTable({ rows: [row('A1')] })
      await nextTick()
      expect(wrapper.find('[data-testid="approval-stack"]').exists()).toBe(false)
      expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual([
        'Approval',
        'Status',
        'Initiator',
        'Subject',
        'Progress',
        'Created',
        'Deadline',
      ])
    } finally {
      setViewport(1024, 768)
    }
  })

  it.each([
    ['newest', 'descending', 'none', 'sort-created', 'oldest'],
    ['oldest', 'ascending', 'none', 'sort-created', 'newest'],
    ['newest', 'descending', 'none', 'sort-due', 'deadline'],
    ['deadline', 'none', 'ascending', 'sort-due', 'newest'],
    ['deadline', 'none', 'ascending', 'sort-created', 'newest'],
  ] as const)(
    'sorted by %s: headers say %s/%s; the %s button asks for %s',
    async (sort, created, due, button, next) => {
      const { wrapper, sorts } = mountTable({ rows: [row('A1')], sort })
      expect(headerOf(wrapper, 'sort-created').getAttribute('aria-sort')).toBe(created)
      expect(headerOf(wrapper, 'sort-due').getAttribute('aria-sort')).toBe(due)
      const hasIcon = (testid: string) => wrapper.find(`[data-testid="${testid}"] svg`).exists()
      expect([hasIcon('sort-created'), hasIcon('sort-due')]).toEqual([created !== 'none', due !== 'none'])
      const control = wrapper.find(`[data-testid="${button}"]`)
      expect(control.element.tagName).toBe('BUTTON')
      await control.trigger('click')
      expect(sorts).toEqual([next])
    },
  )

  it('shows a skeleton while the first page loads, then the empty text', async () => {
    const { wrapper } = mountTable({ rows: [], isLoading: true, emptyText: 'No approvals match these filters.' })
    expect(wrapper.find('[data-testid="approval-table-skeleton"]').exists()).toBe(true)
    await wrapper.setProps({ isLoading: false })
    expect(wrapper.find('[data-testid="approval-table-skeleton"]').exists()).toBe(false)
    expect(wrapper.find('tbody').text()).toBe('No approvals match these filters.')
  })
})
