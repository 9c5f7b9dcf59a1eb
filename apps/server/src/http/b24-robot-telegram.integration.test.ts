/**
 * The robot's acceptance through both sandboxes with real b24jssdk and telegraf: the robot placed on a stage, a
 * deal moved there → one approval → cards in Telegram → button presses → `bizproc.event.send` with the return
 * values → the sandbox runs the next robot and the deal moves on by itself. The same action started as a
 * business process on a deal answers that process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changeStageRobot } from '../../../sandbox/src/bitrix24/robots.ts'
import type { TgMessage } from '../../../sandbox/src/telegram/index.ts'
import { activityCode, robotCode } from '../services/robot/robot-action.ts'
import { startTelegramStack, type TelegramStack, telegramIdOf as tg } from '../test-support/telegram-stack.ts'

const DMITRY = 6
const OLGA = 9
let stack: TelegramStack

const b24 = () => stack.b24!
const runsOf = (dealId: number) =>
  b24()
    .robotRuns()
    .filter((r) => r.documentId[2] === `DEAL_${dealId}`)
const stageOf = (dealId: number) =>
  b24()
    .deals()
    .find((d) => Number(d.ID) === dealId)?.['STAGE_ID']

async function settle() {
  for (let i = 0; i < 4; i += 1) {
    await b24().flushEvents()
    await stack.act(() => Promise.resolve())
  }
}

function cardFor(userId: number, title: string): TgMessage {
  const card = stack.telegram
    .chat(tg(userId))
    .messages()
    .filter((m) => m.from?.is_bot && m.text?.includes(title) && (m.reply_markup?.inline_keyboard.length ?? 0) > 0)
    .at(-1)
  if (!card) throw new Error(`no card "${title}" for ${userId}`)
  return card
}

beforeAll(async () => {
  stack = await startTelegramStack({ withBitrix24: true })
  for (const userId of [DMITRY, OLGA]) await stack.link(userId)
  b24().placeRobot({
    code: robotCode,
    stageId: 'PREPAYMENT_INVOICE',
    properties: { approvers: 'user_6, user_9', rule: 'all', title: 'Согласование: {=Document:TITLE}' },
  })
  for (const [result, stageId] of [
    ['approved', 'EXECUTING'],
    ['rejected', 'PREPARATION'],
  ] as const) {
    b24().placeRobot({
      code: changeStageRobot,
      stageId: 'PREPAYMENT_INVOICE',
      properties: { stageId },
      condition: { field: 'result', equals: result },
    })
  }
}, 60_000)
afterAll(() => stack.close())

describe('the robot through Bitrix24 and Telegram', () => {
  it('moves the deal on once both approvers press Approve in Telegram', async () => {
    const dealId = Number(await b24().callAsUser(3, 'crm.deal.add', { fields: { TITLE: 'Ромашка: скидка 15%' } }))
    await b24().callAsUser(3, 'crm.deal.update', { id: dealId, fields: { STAGE_ID: 'PREPAYMENT_INVOICE' } })
    await settle()
    expect(
      b24()
        .robotCalls()
        .filter((c) => c.body.includes(`DEAL_${dealId}`)),
    ).toHaveLength(1)
    expect(runsOf(dealId)).toMatchObject([{ robotCode, status: 'waiting' }])

    const title = 'Согласование: Ромашка: скидка 15%'
    await stack.act(() => stack.telegram.user(tg(DMITRY)).press(cardFor(DMITRY, title), '✅ Согласовать'))
    await settle()
    expect(runsOf(dealId)[0]!.status).toBe('waiting')
    await stack.act(() => stack.telegram.user(tg(OLGA)).press(cardFor(OLGA, title), '✅ Согласовать'))
    await settle()

    const run = runsOf(dealId)[0]!
    expect(run).toMatchObject({ status: 'completed', returnValues: { result: 'approved', decided_by: `user_${OLGA}` } })
    expect(String(run.returnValues?.['answers']).split('\n')).toHaveLength(2)
    expect(
      runsOf(dealId)
        .slice(1)
        .map((r) => [r.robotCode, r.status]),
    ).toEqual([[changeStageRobot, 'completed']])
    expect(stageOf(dealId)).toBe('EXECUTING')
    const approvals = await stack.api(3, 'GET', `/api/app/subjects/deal/${dealId}/approvals`)
    expect(approvals.body.items).toHaveLength(1)
  })

  it('a rejection in Telegram sends the deal back', async () => {
    const dealId = Number(await b24().callAsUser(3, 'crm.deal.add', { fields: { TITLE: 'Вектор: отсрочка' } }))
    await b24().callAsUser(3, 'crm.deal.update', { id: dealId, fields: { STAGE_ID: 'PREPAYMENT_INVOICE' } })
    await settle()
    const card = cardFor(DMITRY, 'Согласование: Вектор: отсрочка')
    await stack.act(() => stack.telegram.user(tg(DMITRY)).press(card, '❌ Отклонить'))
    // The robot's default comment rule asks for a reason on rejection.
    const prompt = stack.telegram.chat(tg(DMITRY)).messages().at(-1)
    expect(prompt?.text?.toLowerCase()).toContain('комментар')
    await stack.act(() => stack.telegram.user(tg(DMITRY)).send('Слишком долго'))
    await settle()
    expect(runsOf(dealId)[0]?.returnValues).toMatchObject({
      result: 'rejected',
      comment: 'Слишком долго',
      decided_by: `user_${DMITRY}`,
    })
    expect(stageOf(dealId)).toBe('PREPARATION')
  })

  it('the business-process action on a deal starts an approval and answers the process', async () => {
    const dealId = 1
    const run = b24().startBusinessProcess(dealId, activityCode, { approvers: 'user_6', title: 'БП: проверка' }, 3)
    await settle()
    const approvals = await stack.api(3, 'GET', `/api/app/subjects/deal/${dealId}/approvals`)
    const id = approvals.body.items[0].id as string
    expect((await stack.api(3, 'GET', `/api/app/approvals/${id}`)).body.approval.origin).toEqual({
      kind: 'business-process',
      stageName: expect.any(String),
    })
    await stack.act(() => stack.telegram.user(tg(DMITRY)).press(cardFor(DMITRY, 'БП: проверка'), '✅ Согласовать'))
    await settle()
    expect(
      b24()
        .robotRuns()
        .find((r) => r.eventToken === run.eventToken),
    ).toMatchObject({
      kind: 'activity',
      status: 'completed',
      returnValues: { result: 'approved', decided_by: 'user_6' },
    })
  })
})
