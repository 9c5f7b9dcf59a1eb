/** The words written into Bitrix24 in Russian and in English, with user text kept out of BB-code. */
import { describe, expect, it } from 'vitest'
import type { Approval, AuditEntry } from '../../domain/index.ts'
import { writeBackTexts } from './write-back-texts.ts'

const names: Record<number, string> = { 3: 'Мария Петрова', 2: 'Иван Смирнов' }
const nameOf = (id: number) => names[id] ?? `#${id}`
const linkOf = (a: Approval) => `/marketplace/view/local.app/?params%5Bapproval%5D=${a.id}`
const bb = (label: string) => `[URL=/marketplace/view/local.app/?params%5Bapproval%5D=A1]${label}[/URL]`
const approval = {
  id: 'A1',
  title: 'Закупка [b]ноутбуков[/b]',
  description: 'Пять штук',
  initiatorId: 3,
  status: 'approved',
  subject: { kind: 'deal', id: 7, title: 'Сделка 7', amount: 10, currency: 'RUB', url: null },
  rounds: [
    {
      stages: [
        {
          seats: [
            { userId: 2, response: { kind: 'approve', at: '2026-05-01T10:00:00Z', comment: 'Ок' } },
            { userId: 5, response: { kind: 'reject', at: '2026-05-01T09:00:00Z', comment: null } },
            { userId: 6, response: null },
          ],
        },
      ],
    },
  ],
} as unknown as Approval
const decision = { action: 'reject', actorId: 2, comment: 'Дорого', handovers: [] } as unknown as AuditEntry
const timeout = { action: 'timeout', actorId: null, comment: null, handovers: [], outcome: 'expired' }

describe('writeBackTexts', () => {
  it('writes Russian texts with the link back to the app and no BB-code from user text', () => {
    const ru = writeBackTexts({ language: 'ru', nameOf, linkOf })
    // A task title is plain text, not BB-code: kept as typed.
    expect(ru.taskTitle(approval)).toBe('Согласование: Закупка [b]ноутбуков[/b]')
    expect(ru.taskDescription(approval)).toBe(
      `Пять штук\n\nИнициатор: Мария Петрова\nОбъект: Сделка 7\n${bb('Открыть согласование')}`,
    )
    expect(ru.timelineText(approval, 'finished')).toBe(
      'Согласование «Закупка (b)ноутбуков(/b)»: согласовано. Ответы: #5 отклонил(а); Иван Смирнов согласовал(а): «Ок». ' +
        bb('Открыть согласование'),
    )
    expect(ru.timelineText(approval, 'answered', decision)).toBe(
      `Согласование «Закупка (b)ноутбуков(/b)»: Иван Смирнов отклонил(а): «Дорого». ${bb('Открыть согласование')}`,
    )
    expect(ru.decisionText(decision)).toBe('Иван Смирнов отклонил(а): «Дорого»')
    expect(ru.decisionText({ ...decision, actorId: null })).toBe('Система отклонил(а): «Дорого»')
    expect(ru.taskClosedText('stage-ended', timeout as unknown as AuditEntry)).toBe(
      'Этап согласования завершён без вашего ответа: просрочено (срок истёк)',
    )
  })

  it('writes the same texts in English for an English portal', () => {
    const en = writeBackTexts({ language: 'en', nameOf, linkOf })
    expect(en.taskTitle(approval)).toBe('Approval: Закупка [b]ноутбуков[/b]')
    expect(en.taskDescription(approval)).toContain(
      `Initiator: Мария Петрова\nItem: Сделка 7\n${bb('Open the approval')}`,
    )
    expect(en.timelineText(approval, 'started')).toBe(
      `Approval “Закупка (b)ноутбуков(/b)” started. ${bb('Open the approval')}`,
    )
    expect(en.initiatorNoticeText(approval, 'decision', null, decision)).toBe(
      `“Закупка (b)ноутбуков(/b)”: Иван Смирнов rejected: “Дорого”. ${bb('Open the approval')}`,
    )
    expect(en.approverNoticeText(approval, 'reminder')).toMatch(/^Reminder: waiting for your answer: “/)
    expect(en.robotLogText('rejected')).toBe('Approval: rejected')
    expect(en.decisionText({ ...decision, actorId: null })).toBe('System rejected: “Дорого”')
  })

  it('names who decided and why in the final notice to the initiator, and the reason of a cancel', () => {
    const en = writeBackTexts({ language: 'en', nameOf, linkOf })
    expect(en.initiatorNoticeText(approval, 'outcome', 'approved', undefined)).toBe(
      '“Закупка (b)ноутбуков(/b)”: approved. Answers: #5 rejected; Иван Смирнов approved: “Ок”. ' +
        bb('Open the approval'),
    )
    const cancel = { action: 'cancel', actorId: 3, comment: 'Не нужно', handovers: [] } as unknown as AuditEntry
    const cancelled = { ...approval, rounds: [{ stages: [{ seats: [] }] }] } as unknown as Approval
    expect(en.initiatorNoticeText(cancelled, 'outcome', 'cancelled', cancel)).toBe(
      `“Закупка (b)ноутбуков(/b)”: cancelled. Мария Петрова cancelled it: “Не нужно”. ${bb('Open the approval')}`,
    )
  })

  it('keeps a closing square bracket of the link from ending the BB-code tag', () => {
    const ru = writeBackTexts({ language: 'ru', nameOf, linkOf: () => '/x/?params[approval]=1' })
    expect(ru.timelineText(approval, 'started')).toContain('[URL=/x/?params[approval%5D=1]Открыть согласование[/URL]')
  })
})
