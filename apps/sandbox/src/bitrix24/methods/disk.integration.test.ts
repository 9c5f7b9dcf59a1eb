/**
 * The sandbox Drive as the docs describe it, called over HTTP as b24jssdk does: `disk.storage.getlist` lists the
 * storages a user may read (never another user's), `getchildren` answers the documented shapes, `disk.file.get`
 * gives a `DOWNLOAD_URL` that downloads the bytes and only while its token is this portal's, someone else's file
 * is `ACCESS_DENIED`, a missing one `ERROR_NOT_FOUND`; a timeline comment's files are listed as documented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../index.ts'
import { restCall } from '../../test-support/rest-call.ts'
import { samplePdfOf } from './disk-objects.ts'

let sandbox: Bitrix24Sandbox
let maria: string
let ivan: string

beforeAll(async () => {
  sandbox = await createBitrix24Sandbox({ rateLimit: false })
  await sandbox.install({ openInstallPage: false })
  maria = sandbox.issueTokens(3).access_token
  ivan = sandbox.issueTokens(2).access_token
})
afterAll(async () => {
  await sandbox.close()
})

const call = (token: string, method: string, params: object = {}) => restCall(sandbox.restUrl, token, method, params)
type Row = Record<string, string>

describe('the Drive methods', () => {
  it("lists a user's storages and contents, downloads a file, refuses someone else's", async () => {
    const storages = (await call(maria, 'disk.storage.getlist')).body['result'] as Row[]
    const own = storages.find((s) => s['ENTITY_TYPE'] === 'user')!
    expect(own).toMatchObject({ ENTITY_ID: '3', MODULE_ID: 'disk', ROOT_OBJECT_ID: expect.stringMatching(/^\d+$/) })
    expect(storages.filter((s) => s['ENTITY_TYPE'] === 'user')).toHaveLength(1)
    const children = (await call(maria, 'disk.storage.getchildren', { id: Number(own['ID']) })).body['result'] as Row[]
    expect(children.map((c) => [c['TYPE'], c['NAME']])).toEqual([
      ['folder', 'Договоры'],
      ['file', 'Смета.png'],
    ])
    const estimate = children[1]!
    const file = (await call(maria, 'disk.file.get', { id: Number(estimate['ID']) })).body['result'] as Row
    expect(file).toMatchObject({ NAME: 'Смета.png', TYPE: 'file', STORAGE_ID: own['ID'] })
    const download = await fetch(file['DOWNLOAD_URL']!)
    expect(download.status).toBe(200)
    expect((await download.arrayBuffer()).byteLength).toBe(Number(file['SIZE']))
    const forged = await fetch(file['DOWNLOAD_URL']!.replace(/%7C([^%]+)$/, '%7Cforged'))
    expect(forged.status).toBe(401)

    const foreign = await call(ivan, 'disk.file.get', { id: Number(estimate['ID']) })
    expect([foreign.status, foreign.body['error']]).toEqual([403, 'ACCESS_DENIED'])
    const listing = await call(ivan, 'disk.storage.getchildren', { id: Number(own['ID']) })
    expect(listing.body['error']).toBe('ACCESS_DENIED')
    const missing = await call(maria, 'disk.folder.getchildren', { id: 999_999 })
    expect([missing.status, missing.body['error']]).toEqual([404, 'ERROR_NOT_FOUND'])
  })

  it("keeps a timeline comment's files on Drive and lists them in the documented FILES shape", async () => {
    const pdf = samplePdfOf('Spec').toString('base64')
    const fields = { ENTITY_TYPE: 'deal', ENTITY_ID: 1, COMMENT: 'Спецификация', FILES: [['Спец.pdf', pdf]] }
    await call(ivan, 'crm.timeline.comment.add', { fields })
    const filter = { ENTITY_ID: 1, ENTITY_TYPE: 'deal' }
    const rows = (await call(maria, 'crm.timeline.comment.list', { filter, select: ['ID', 'FILES'] })).body[
      'result'
    ] as { FILES: Record<string, { id: number; name: string; size: number; urlDownload: string }> }[]
    const [entry] = Object.entries(rows.at(-1)!.FILES)
    const [key, value] = entry!
    expect(value).toMatchObject({ id: Number(key), name: 'Спец.pdf', size: Buffer.from(pdf, 'base64').length })
    const objectId = Number(/\/disk\/downloadFile\/(\d+)\//.exec(value.urlDownload)![1])
    const file = (await call(maria, 'disk.file.get', { id: objectId })).body['result'] as Row
    expect(file['NAME']).toBe('Спец.pdf')
  })
})
