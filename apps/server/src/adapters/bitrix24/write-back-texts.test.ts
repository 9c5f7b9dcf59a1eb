/** The words written into Bitrix24 in Russian and in English, with user text kept out of BB-code. */
import { describe, expect, it } from 'vitest'
import type { Approval, AuditEntry } from '../../domain/index.ts'
import { writeBackTexts } from './write-back-texts.ts'

const names: Record<number, string> = { 3: 'Мария Петрова', 2: 'Иван Смирнов' }
const nameOf = (id: number) => names[id] ?? `#${id}`
const linkOf = (a: Approval) => `https://app.example/approvals/${a.id}`
const approval = {
  id: 'A1',
  title: 'Закупка [b]ноутбуков[/b]',
  description: 'Пять штук',
  initiatorId: 3,
  status: 'approved',
  subject: { kind: 'deal', id: 7, title: 'Сделка 7', amount: 10, currency: 'RUB', url: null },
} as unknown as Approval
const decision = { action: 'reject', actorId: 2, comment: 'Дорого', handovers: [] } as unknown as AuditEntry
const timeout = { action: 'timeout', actorId: null, comment: null, handovers: [], outcome: 'expired' }

describe('writeBackTexts', () => {
  it('writes Russian texts with the link back to the app and no BB-code from user text', () => {
    const ru = writeBackTexts({ language: 'ru', nameOf, linkOf })
    // A task title is plain text, not BB-code: kept as typed.
    expect(ru.taskTitle(approval)).toBe('Согласование: Закупка [b]ноутбуков[/b]')
    expect(ru.taskDescription(approval)).toBe(
      'Пять штук\n\nИнициатор: Мария Петрова\nОбъект: Сделка 7\nОткрыть согласование: https://app.example/approvals/A1',
    )
    expect(ru.timelineText(approval, 'finished')).toBe(
      'Согласование «Закупка (b)ноутбуков(/b)»: согласовано. https://app.example/approvals/A1',
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
    expect(en.taskDescription(approval)).toContain('Initiator: Мария Петрова\nItem: Сделка 7\nOpen the approval:')
    expect(en.timelineText(approval, 'started')).toBe(
      'Approval “Закупка (b)ноутбуков(/b)” started. https://app.example/approvals/A1',
    )
    expect(en.initiatorNoticeText(approval, 'decision', null, decision)).toBe(
      '“Закупка (b)ноутбуков(/b)”: Иван Смирнов rejected: “Дорого”. https://app.example/approvals/A1',
    )
    expect(en.approverNoticeText(approval, 'reminder')).toMatch(/^Reminder: waiting for your answer: “/)
    expect(en.robotLogText('rejected')).toBe('Approval: rejected')
    expect(en.decisionText({ ...decision, actorId: null })).toBe('System rejected: “Дорого”')
  })
})
