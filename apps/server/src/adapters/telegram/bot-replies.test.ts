import { describe, expect, it } from 'vitest'
import type { ApprovalCard } from '../../ports/messenger.ts'
import type { CardAction } from '../../ports/messenger.ts'
import { cardMessage } from './bot-replies.ts'
import { createCallbackSigner } from './callback-data.ts'

const signer = createCallbackSigner('test-app-secret-0123456789abcdef0123456789', (a, b) => a === b)
const card = (isSendBackAllowed: boolean): ApprovalCard => ({
  ...{ memberId: 'm1', approvalId: '01JDAPPROVAL0000000000000A', title: 'Buy laptops', description: '' },
  ...{ initiator: { userId: 3, name: 'Мария' }, subject: null, status: 'pending', isOpen: true, round: 1 },
  ...{ stageNumber: 1, stageCount: 1, rule: { kind: 'all' }, commentPolicy: 'optional', isSendBackAllowed },
  ...{ deadlineAt: null, lastDecision: null, appUrl: 'https://app.example/approvals/01JD' },
})
const buttonsOf = (isSendBackAllowed: boolean, actions: CardAction[], description = '') => {
  const view = { card: { ...card(isSendBackAllowed), description }, userId: 7, actions }
  const markup = cardMessage(view, 'en', signer).replyMarkup
  return markup && 'inline_keyboard' in markup ? markup.inline_keyboard.flat() : []
}

describe('cardMessage keyboard', () => {
  it('shows every allowed answer, two per row, each with signed callback_data', () => {
    const buttons = buttonsOf(true, ['approve', 'reject', 'send-back', 'comment'])
    expect(buttons.map((b) => b.text)).toEqual(['✅ Approve', '❌ Reject', '↩️ Send back', '💬 Comment'])
    const sendBack = buttons[2] as { callback_data: string }
    expect(signer.decode(sendBack.callback_data)).toMatchObject({ action: 'send-back' })
  })

  it('has no Send back button on a card whose approval takes no send-back', () => {
    const buttons = buttonsOf(false, ['approve', 'reject', 'send-back', 'comment'])
    expect(buttons.map((b) => b.text)).toEqual(['✅ Approve', '❌ Reject', '💬 Comment'])
    const actions = buttons.map((b) => signer.decode((b as { callback_data: string }).callback_data)?.action)
    expect(actions).toEqual(['approve', 'reject', 'comment'])
  })

  it('offers "Read in full" (signed, bound to the approver) only when the card cut the description', () => {
    const long = 'x'.repeat(4_000) + '<&>'.repeat(100)
    const buttons = buttonsOf(true, ['approve', 'reject'], long)
    expect(buttons.map((b) => b.text)).toEqual(['✅ Approve', '❌ Reject', '📖 Read in full'])
    const data = (buttons[2] as { callback_data: string }).callback_data
    expect(signer.decode(data)).toMatchObject({ action: 'read-full', round: 1, userId: 7 })
    expect(buttonsOf(true, ['approve'], 'x'.repeat(3_000)).map((b) => b.text)).toEqual(['✅ Approve'])
    expect(buttonsOf(true, [], long)).toEqual([])
  })
})
