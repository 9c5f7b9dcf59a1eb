/**
 * Attachments end to end through both sandboxes (issue 21): the initiator stages files as the SPA does, the
 * approval keeps them, Drive holds them and every approver's task carries them, each linked approver gets the
 * photos as one album and the rest as documents quoting their card; bad files are refused with 413/415 and
 * nothing starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TgMessage } from '../../../sandbox/src/telegram/index.ts'
import { sendChunk, uploadFile, type Uploader } from '../test-support/attachment-uploads.ts'
import { samplePdf } from '../test-support/lead-forms.ts'
import { pngOf } from '../../../sandbox/src/test-support/sample-images.ts'
import { startTelegramStack, type TelegramStack, telegramIdOf as tg } from '../test-support/telegram-stack.ts'

const cronSecret = 'cron-secret-0123456789'
const MARIA = 3
const IVAN = 2
const DMITRY = 6
let stack: TelegramStack
let maria: Uploader

beforeAll(async () => {
  stack = await startTelegramStack({ withBitrix24: true, env: { CRON_SECRET: cronSecret } })
  for (const userId of [IVAN, DMITRY]) await stack.link(userId)
  const token = stack.b24!.issueTokens(MARIA).access_token
  maria = { app: stack.server.app, token, memberId: stack.b24!.memberId }
})
afterAll(async () => {
  await stack.close()
})

const stages = [{ approverIds: [IVAN, DMITRY], rule: { kind: 'all' } }]
const start = (uploads: string[]) =>
  stack.api(MARIA, 'POST', '/api/app/approvals', { title: 'Договор поставки', stages, uploads })
const botMessages = (userId: number): TgMessage[] =>
  stack.telegram
    .chat(tg(userId))
    .messages()
    .filter((m) => m.from?.is_bot)

describe('attachments', () => {
  it('keeps the files, puts them on Drive and the tasks, and sends an album and a document to each approver', async () => {
    const uploads = [
      await uploadFile(maria, 'Счёт №17.pdf', samplePdf),
      await uploadFile(maria, 'Фасад.png', pngOf(640, 480, [51, 144, 236])),
      await uploadFile(maria, 'План.png', pngOf(480, 640, [225, 112, 118])),
    ]
    const before = { ivan: botMessages(IVAN).length, disk: stack.b24!.portal.state.diskFiles.length }
    const res = await start(uploads)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const { approval } = res.body
    expect(approval.attachments.map((a: { name: string; mime: string }) => [a.name, a.mime])).toEqual([
      ['Счёт №17.pdf', 'application/pdf'],
      ['Фасад.png', 'image/png'],
      ['План.png', 'image/png'],
    ])
    const disk = stack.b24!.portal.state.diskFiles.slice(before.disk)
    expect(disk.map((f) => f.NAME)).toEqual(['Счёт №17.pdf', 'Фасад.png', 'План.png'])
    const tasks = stack.b24!.portal.state.tasks.filter((t) => String(t.DESCRIPTION).includes(approval.id))
    expect(tasks).toHaveLength(2)
    for (const task of tasks) expect(task.UF_TASK_WEBDAV_FILES).toEqual(disk.map((f) => `n${f.ID}`))

    for (const userId of [IVAN, DMITRY]) {
      const messages = botMessages(userId).slice(userId === IVAN ? before.ivan : -4)
      const [card, ...files] = messages.slice(-4)
      expect(card!.reply_markup?.inline_keyboard.flat().length).toBeGreaterThan(0)
      const album = files.filter((m) => m.photo)
      expect(album).toHaveLength(2)
      expect(new Set(album.map((m) => m.media_group_id)).size).toBe(1)
      expect(album.map((m) => m.caption)).toEqual(['Фасад.png', 'План.png'])
      expect(album[0]!.photo!.at(-1)).toMatchObject({ width: 640, height: 480 })
      const [document] = files.filter((m) => m.document)
      expect(document!.document).toMatchObject({ file_name: 'Счёт №17.pdf', mime_type: 'application/pdf' })
      for (const m of files) expect(m.reply_to_message?.message_id).toBe(card!.message_id)
    }
    // The second approver got the files by file_id: each was uploaded once.
    const uploadsSent = stack.telegram.calls().filter((c) => /sendMediaGroup|sendDocument/i.test(c.method))
    expect(uploadsSent).toHaveLength(4)
  })

  it('sends nothing twice when the outbox runs again', async () => {
    const count = botMessages(IVAN).length
    const headers = { authorization: `Bearer ${cronSecret}` }
    const tick = await stack.server.app.request('/api/cron/tick', { method: 'POST', headers })
    expect(tick.status).toBe(200)
    await stack.server.drain()
    expect(botMessages(IVAN)).toHaveLength(count)
  })

  it('refuses a file that is not what its name says with 415, naming it', async () => {
    const bytes = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff, 0xff])
    const res = await sendChunk(maria, {
      uploadId: 'bad-file-0001',
      index: 0,
      chunks: 1,
      name: 'акт.pdf',
      size: 10,
      bytes,
    })
    expect(res.status).toBe(415)
    expect(await res.json()).toMatchObject({ error: { code: 'FILE_TYPE_NOT_ALLOWED', details: { file: 'акт.pdf' } } })
  })

  it('refuses a file over 10 MB with 413 before any byte is kept', async () => {
    const size = 10 * 1024 * 1024 + 1
    const bytes = samplePdf
    const res = await sendChunk(maria, {
      uploadId: 'big-file-0001',
      index: 0,
      chunks: 21,
      name: 'big.pdf',
      size,
      bytes,
    })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: { code: 'FILE_TOO_LARGE', details: { file: 'big.pdf' } } })
  })

  it('starts nothing when a named upload is missing', async () => {
    const list = async () => (await stack.api(MARIA, 'GET', '/api/app/approvals?role=initiator')).body.items.length
    const before = await list()
    const res = await start(['never-uploaded-01'])
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('UPLOAD_INCOMPLETE')
    expect(await list()).toBe(before)
  })
})
