/**
 * `sendPhoto` and `sendMediaGroup` through telegraf, as Telegram answers them: albums of 2–10, documents only with
 * documents, photos measured and refused when they are not images, files reused by `file_id`.
 */
import { Telegraf } from 'telegraf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pngOf } from '../../test-support/sample-images.ts'
import { caughtTelegramError as caught } from '../caught-telegram-error.ts'
import type { TelegramSandbox } from '../sandbox-handle.ts'
import { createTelegramSandbox } from '../sandbox.ts'

const ANNA = 700_000_001
let sandbox: TelegramSandbox
let telegram: Telegraf['telegram']

beforeAll(async () => {
  sandbox = await createTelegramSandbox({ requiresStart: false })
  telegram = new Telegraf(sandbox.botToken, { telegram: { apiRoot: sandbox.apiRoot } }).telegram
})
afterAll(async () => {
  await sandbox?.close()
})

const photo = (name: string) => ({ source: Buffer.from(pngOf(1600, 1200, [51, 144, 236])), filename: name })
const pdf = (name: string) => ({ source: Buffer.from('%PDF-1.4\n%%EOF\n'), filename: name })

describe('photos and albums', () => {
  it('sends a photo with Telegram sizes: a thumbnail and at most 1280 px', async () => {
    const message = await telegram.sendPhoto(ANNA, photo('a.png'), { caption: 'a.png' })
    expect(message.photo.map((p) => [p.width, p.height])).toEqual([
      [90, 68],
      [1280, 960],
    ])
    expect(message.caption).toBe('a.png')
  })

  it('sends an album as messages sharing one media_group_id, and reuses a file_id', async () => {
    const first = await telegram.sendMediaGroup(ANNA, [
      { type: 'photo', media: photo('1.png') },
      { type: 'photo', media: photo('2.png') },
    ])
    expect(first).toHaveLength(2)
    expect(new Set(first.map((m) => m.media_group_id)).size).toBe(1)
    const fileId = (first[0] as { photo: { file_id: string }[] }).photo.at(-1)!.file_id
    const again = await telegram.sendMediaGroup(ANNA, [
      { type: 'photo', media: fileId },
      { type: 'photo', media: photo('3.png') },
    ])
    expect((again[0] as { photo: { file_id: string }[] }).photo.at(-1)!.file_id).toBe(fileId)
  })

  it('groups documents, named as uploaded', async () => {
    const sent = await telegram.sendMediaGroup(ANNA, [
      { type: 'document', media: pdf('Счёт.pdf') },
      { type: 'document', media: pdf('Акт.pdf') },
    ])
    expect(sent.map((m) => ('document' in m ? m.document.file_name : null))).toEqual(['Счёт.pdf', 'Акт.pdf'])
  })

  it.each([
    ['one item', [{ type: 'photo', media: photo('1.png') }], /2-10/],
    [
      'documents mixed with photos',
      [
        { type: 'photo', media: photo('1.png') },
        { type: 'document', media: pdf('a.pdf') },
      ],
      /same type/,
    ],
  ])('refuses %s', async (_name, media, message) => {
    const error = await caught(telegram.sendMediaGroup(ANNA, media as never))
    expect(error.response.error_code).toBe(400)
    expect(error.response.description).toMatch(message)
  })

  it('refuses a photo that is not an image, and a document file_id as a photo', async () => {
    expect((await caught(telegram.sendPhoto(ANNA, pdf('x.png')))).response.description).toMatch(/IMAGE_PROCESS_FAILED/)
    const doc = await telegram.sendDocument(ANNA, pdf('x.pdf'))
    const wrong = await caught(telegram.sendPhoto(ANNA, doc.document.file_id))
    expect(wrong.response.description).toMatch(/wrong file identifier/)
  })
})
