/**
 * Attachments from Bitrix24 Drive end to end through both sandboxes (issue 21): the Drive picker shows a user their
 * own storages and folders only, a chosen Drive file is attached without a copy (the approvers' tasks carry that
 * file) and reaches Telegram; the files of a deal's timeline are offered and attached the same way; someone else's
 * file, a file too large or of a refused type, and bad queries are refused and nothing starts; robots (with
 * `attach_files`) and rules (with `isAttachingFiles`) attach the document's timeline files; files wait for the
 * approver's quiet hours like the card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TgMessage } from '../../../sandbox/src/telegram/index.ts'
import { approvalTasks, manualClock } from '../test-support/approval-harness.ts'
import { startTelegramStack, type TelegramStack, telegramIdOf as tg } from '../test-support/telegram-stack.ts'
import { samplePdf } from '../test-support/lead-forms.ts'
import { quietPingQueue } from '../services/people/ping-policy.ts'
import { robotCode } from '../services/robot/robot-action.ts'

const cronSecret = 'cron-secret-0123456789'
const MARIA = 3
const IVAN = 2
const DMITRY = 6
const DEAL = 1
const clock = manualClock()
let stack: TelegramStack

interface Item {
  kind: 'storage' | 'folder' | 'file'
  id: number
  name: string
  size: number | null
}

beforeAll(async () => {
  stack = await startTelegramStack({ withBitrix24: true, clock, env: { CRON_SECRET: cronSecret } })
  for (const userId of [IVAN, DMITRY]) await stack.link(userId)
})
afterAll(async () => {
  await stack.close()
})

const browse = async (userId: number, query = '') => {
  const res = await stack.api(userId, 'GET', `/api/app/drive${query}`)
  return { status: res.status as number, items: (res.body.items ?? []) as Item[], body: res.body }
}
const named = (items: Item[], name: string) => items.find((i) => i.name === name)!
const stages = (approverId: number) => [{ approverIds: [approverId], rule: { kind: 'all' } }]
const start = (userId: number, approverId: number, driveFiles: number[], extra: Record<string, unknown> = {}) =>
  stack.api(userId, 'POST', '/api/app/approvals', {
    title: 'Договор с Drive',
    stages: stages(approverId),
    driveFiles,
    ...extra,
  })
const botMessages = (userId: number): TgMessage[] =>
  stack.telegram
    .chat(tg(userId))
    .messages()
    .filter((m) => m.from?.is_bot)
const mine = async (userId: number) =>
  (await stack.api(userId, 'GET', '/api/app/approvals?role=initiator')).body.items.length
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16)

/** Lets the portal deliver its events and robot calls, and the app finish what they started. */
async function settle() {
  for (let i = 0; i < 4; i += 1) {
    await stack.b24!.flushEvents()
    await stack.act(() => Promise.resolve())
  }
}

/** Maria's files on Drive, found through the picker as she would. */
async function mariasFiles() {
  const storages = await browse(MARIA)
  const own = storages.items.find((s) => s.kind === 'storage' && s.name.startsWith('Мария'))!
  const root = await browse(MARIA, `?storage=${own.id}`)
  const contracts = await browse(MARIA, `?folder=${named(root.items, 'Договоры').id}`)
  return { own, estimate: named(root.items, 'Смета.png'), contract: named(contracts.items, 'Договор поставки.pdf') }
}

describe('the Drive picker', () => {
  it("lists the user's own and the company's storages, folders first, never someone else's", async () => {
    const storages = await browse(MARIA)
    expect(storages.status).toBe(200)
    const names = storages.items.map((s) => s.name)
    expect(names).toContain('Общий диск')
    expect(names.some((n) => n.startsWith('Мария'))).toBe(true)
    expect(names.some((n) => n.startsWith('Иван'))).toBe(false)
    expect(names).not.toContain('CRM')
    const { own, contract, estimate } = await mariasFiles()
    const root = await browse(MARIA, `?storage=${own.id}`)
    expect(root.items.map((i) => [i.kind, i.name])).toEqual([
      ['folder', 'Договоры'],
      ['file', 'Смета.png'],
    ])
    expect(contract).toMatchObject({ kind: 'file', size: expect.any(Number) })
    expect(estimate.size).toBeGreaterThan(0)

    const foreign = await browse(IVAN, `?storage=${own.id}`)
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'DISK_ACCESS_DENIED'])
  })

  it('names a bad query and a folder that is not there', async () => {
    for (const query of ['?storage=abc', '?folder=-1', '?storage=1&folder=2']) {
      const res = await browse(MARIA, query)
      expect([res.status, res.body.error.code], query).toEqual([400, 'VALIDATION_FAILED'])
    }
    const missing = await browse(MARIA, '?folder=999999')
    expect([missing.status, missing.body.error.code]).toEqual([404, 'DISK_NOT_FOUND'])
  })
})

describe('attaching Drive files', () => {
  it('attaches the chosen Drive files without a copy: the tasks carry them and Telegram gets them', async () => {
    const { contract, estimate } = await mariasFiles()
    const sandbox = stack.b24!
    const diskBefore = sandbox.portal.state.diskFiles.length
    const before = botMessages(IVAN).length
    const res = await start(MARIA, IVAN, [contract.id, estimate.id, contract.id])
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const { approval } = res.body
    expect(approval.attachments.map((a: { name: string; mime: string }) => [a.name, a.mime])).toEqual([
      ['Договор поставки.pdf', 'application/pdf'],
      ['Смета.png', 'image/png'],
    ])
    await stack.act(async () => undefined)
    expect(sandbox.portal.state.diskFiles).toHaveLength(diskBefore)
    const [task] = approvalTasks(sandbox, approval.id)
    expect(task!.UF_TASK_WEBDAV_FILES).toEqual([`n${contract.id}`, `n${estimate.id}`])
    const files = botMessages(IVAN).slice(before + 1)
    expect(files.find((m) => m.document)?.document).toMatchObject({ file_name: 'Договор поставки.pdf' })
    expect(files.find((m) => m.photo)?.caption).toBe('Смета.png')
  })

  it("refuses someone else's file with 403 and starts nothing", async () => {
    const { contract } = await mariasFiles()
    const before = await mine(IVAN)
    const res = await start(IVAN, DMITRY, [contract.id])
    expect([res.status, res.body.error.code]).toEqual([403, 'DISK_ACCESS_DENIED'])
    expect(await mine(IVAN)).toBe(before)
  })

  it('refuses a file over 10 MB with 413 unread, a file of a refused type with 415, too many with 400', async () => {
    const sandbox = stack.b24!
    const { own } = await mariasFiles()
    const rootFolder = sandbox.portal.state.diskStorages!.find((s) => s.ID === own.id)!.ROOT_OBJECT_ID
    const add = (name: string, bytes: Uint8Array) =>
      sandbox.callAsUser(MARIA, 'disk.folder.uploadfile', {
        id: rootFolder,
        data: { NAME: name },
        fileContent: [name, Buffer.from(bytes).toString('base64')],
      }) as Promise<{ ID: number }>
    const big = await add('Большой.pdf', Buffer.concat([samplePdf, Buffer.alloc(10 * 1024 * 1024)]))
    const exe = await add('акт.pdf', new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff, 0xff]))
    const before = await mine(MARIA)
    const large = await start(MARIA, IVAN, [Number(big.ID)])
    expect([large.status, large.body.error.code, large.body.error.details.file]).toEqual([
      413,
      'FILE_TOO_LARGE',
      'Большой.pdf',
    ])
    const wrong = await start(MARIA, IVAN, [Number(exe.ID)])
    expect([wrong.status, wrong.body.error.code]).toEqual([415, 'FILE_TYPE_NOT_ALLOWED'])
    const many = await start(MARIA, IVAN, [1, 2, 3, 4, 5, 6])
    expect(many.status).toBe(400)
    expect(await mine(MARIA)).toBe(before)
  })
})

describe("the subject's files", () => {
  it("offers the files of the deal's timeline and attaches a chosen one", async () => {
    const sandbox = stack.b24!
    const fields = {
      ENTITY_TYPE: 'deal',
      ENTITY_ID: DEAL,
      COMMENT: 'Спецификация',
      FILES: [['Спецификация.pdf', Buffer.from(samplePdf).toString('base64')]],
    }
    await sandbox.callAsUser(IVAN, 'crm.timeline.comment.add', { fields })
    const listed = await stack.api(MARIA, 'GET', `/api/app/subjects/deal/${DEAL}/files`)
    expect(listed.status).toBe(200)
    const file = (listed.body.items as { driveFileId: number; name: string; size: number }[]).find(
      (f) => f.name === 'Спецификация.pdf',
    )!
    expect(file.size).toBe(samplePdf.length)
    const res = await start(MARIA, IVAN, [file.driveFileId], { subject: { kind: 'deal', id: DEAL } })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.approval.attachments.map((a: { name: string }) => a.name)).toEqual(['Спецификация.pdf'])

    const task = await stack.api(MARIA, 'GET', '/api/app/subjects/task/5/files')
    expect([task.status, task.body.items]).toEqual([200, []])
    const bad = await stack.api(MARIA, 'GET', '/api/app/subjects/contact/1/files')
    expect(bad.status).toBe(400)
  })
})

describe('robot-started approvals', () => {
  it("carry the document's timeline files when the robot's attach_files is set, leaving out unfit ones", async () => {
    const sandbox = stack.b24!
    sandbox.placeRobot({
      code: robotCode,
      stageId: 'PREPAYMENT_INVOICE',
      properties: { approvers: 'user_2', rule: 'all', title: 'Файлы: {=Document:TITLE}', attach_files: 'Y' },
    })
    const dealId = Number(await sandbox.callAsUser(MARIA, 'crm.deal.add', { fields: { TITLE: 'Сделка с файлами' } }))
    const exe = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff, 0xff]).toString('base64')
    const FILES = [
      ['Счёт.pdf', Buffer.from(samplePdf).toString('base64')],
      ['setup.pdf', exe],
    ]
    await sandbox.callAsUser(MARIA, 'crm.timeline.comment.add', {
      fields: { ENTITY_TYPE: 'deal', ENTITY_ID: dealId, COMMENT: 'Счёт и установщик', FILES },
    })
    await sandbox.callAsUser(MARIA, 'crm.deal.update', { id: dealId, fields: { STAGE_ID: 'PREPAYMENT_INVOICE' } })
    await settle()
    const listed = await stack.api(MARIA, 'GET', `/api/app/subjects/deal/${dealId}/approvals`)
    expect(listed.body.items).toHaveLength(1)
    const { approval } = (await stack.api(MARIA, 'GET', `/api/app/approvals/${listed.body.items[0].id}`)).body
    expect(approval.attachments.map((a: { name: string }) => a.name)).toEqual(['Счёт.pdf'])
    const [task] = approvalTasks(sandbox, approval.id)
    expect(task!.UF_TASK_WEBDAV_FILES).toHaveLength(1)
  })
})

describe('rule-started approvals', () => {
  it("carry the deal's timeline files when the rule says so", async () => {
    const sandbox = stack.b24!
    const template = await stack.api(1, 'POST', '/api/app/templates', { name: 'С файлами', stages: stages(IVAN) })
    expect(template.status, JSON.stringify(template.body)).toBe(201)
    const rule = await stack.api(1, 'POST', '/api/app/automation/rules', {
      name: 'Исполнение с файлами',
      trigger: { event: 'deal-stage', pipelineId: 0, stageId: 'EXECUTING' },
      action: { templateId: template.body.template.id, approvers: { kind: 'template' }, isAttachingFiles: true },
    })
    expect(rule.status, JSON.stringify(rule.body)).toBe(201)
    expect(rule.body.rule.action.isAttachingFiles).toBe(true)
    const dealId = Number(await sandbox.callAsUser(MARIA, 'crm.deal.add', { fields: { TITLE: 'Правило и файлы' } }))
    const FILES = [['Акт.pdf', Buffer.from(samplePdf).toString('base64')]]
    await sandbox.callAsUser(MARIA, 'crm.timeline.comment.add', {
      fields: { ENTITY_TYPE: 'deal', ENTITY_ID: dealId, COMMENT: 'Акт', FILES },
    })
    await sandbox.callAsUser(MARIA, 'crm.deal.update', { id: dealId, fields: { STAGE_ID: 'EXECUTING' } })
    await settle()
    const listed = await stack.api(1, 'GET', `/api/app/subjects/deal/${dealId}/approvals`)
    expect(listed.body.items).toHaveLength(1)
    const { approval } = (await stack.api(1, 'GET', `/api/app/approvals/${listed.body.items[0].id}`)).body
    expect(approval.attachments.map((a: { name: string }) => a.name)).toEqual(['Акт.pdf'])
  })
})

describe('quiet hours', () => {
  it("holds an approver's files with the card until their quiet hours end, then sends the card, then the files", async () => {
    const settings = {
      channels: { telegram: true, bitrix24: true },
      timeZone: 'UTC',
      quietHours: { from: hhmm(clock.now() - 3_600_000), to: hhmm(clock.now() + 3_600_000) },
      digest: { isEnabled: false, time: '09:00' },
      language: null,
    }
    expect((await stack.api(DMITRY, 'PUT', '/api/app/me/notifications', settings)).status).toBe(200)
    const { estimate } = await mariasFiles()
    const before = botMessages(DMITRY).length
    const res = await start(MARIA, DMITRY, [estimate.id])
    expect(res.status).toBe(201)
    await stack.act(async () => undefined)
    expect(botMessages(DMITRY)).toHaveLength(before)
    expect(await stack.server.store.queueSize(quietPingQueue)).toBe(2)

    const tick = async () => {
      const headers = { authorization: `Bearer ${cronSecret}` }
      expect((await stack.server.app.request('/api/cron/tick', { method: 'POST', headers })).status).toBe(200)
      await stack.act(async () => undefined)
    }
    await tick()
    expect(botMessages(DMITRY)).toHaveLength(before)
    clock.advance(2 * 3_600_000)
    await tick()
    const [card, photo] = botMessages(DMITRY).slice(before)
    expect(card!.reply_markup?.inline_keyboard.flat().length).toBeGreaterThan(0)
    expect(photo!.caption).toBe('Смета.png')
    await tick()
    expect(botMessages(DMITRY)).toHaveLength(before + 2)
  })
})
