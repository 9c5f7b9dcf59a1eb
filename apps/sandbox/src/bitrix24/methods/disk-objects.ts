/**
 * @module The sandbox's Drive beyond the application storage: every user's own storage, the company's common
 * storage and the CRM's hidden system storage (made on first use, with a few sample files so the picker has
 * something to show), who may read what (a user storage: its owner only), the documented wire shapes of storages,
 * folders and files, and the signed `DOWNLOAD_URL` (`/rest/download.json?token=disk|…`).
 * @see https://apidocs.bitrix24.com/api-reference/disk/storage/disk-storage-get.html
 * @see https://apidocs.bitrix24.com/api-reference/disk/file/disk-file-get.html
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { formatB24Date } from '../b24-date.ts'
import type { Portal } from '../portal.ts'
import {
  nextId,
  type DiskFileRecord,
  type DiskFolderRecord,
  type DiskStorageRecord,
  type PortalState,
} from '../state.ts'
import { RestError } from '../rest/rest-error.ts'
import { pngOf } from '../../sample-images.ts'

/** The application storage's fixed ids (`disk.storage.getforapp`). */
const appStorage = { id: 1357, root: 8910 }

/** Makes the application storage exist; ids of Drive objects continue after its root folder. */
export function ensureAppStorage(portal: Portal): void {
  const s = portal.state
  if (s.diskStorageId) return
  s.diskStorageId = appStorage.id
  s.diskRootFolderId = appStorage.root
  s.sequences['diskObject'] = Math.max(s.sequences['diskObject'] ?? 0, appStorage.root)
}

/** A one-page PDF naming `title` (enough for content checks). */
export function samplePdfOf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '')
  return Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n` +
      `3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>> endobj\n% ${text}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  )
}

function addFolder(state: PortalState, storage: number, parent: number, name: string, by: number, at: string) {
  const folder: DiskFolderRecord = {
    ID: nextId(state, 'diskObject'),
    NAME: name,
    PARENT_ID: parent,
    STORAGE_ID: storage,
    CREATED_BY: by,
    CREATE_TIME: at,
  }
  state.diskFolders!.push(folder)
  return folder
}

/** Stores a file in `folderId` of `storageId` and returns it. */
export function addDiskFile(
  portal: Portal,
  place: { storageId: number; folderId: number },
  file: { name: string; bytes: Uint8Array; by: number },
): DiskFileRecord {
  const record: DiskFileRecord = {
    ID: nextId(portal.state, 'diskObject'),
    NAME: file.name,
    PARENT_ID: place.folderId,
    STORAGE_ID: place.storageId,
    SIZE: file.bytes.length,
    CREATED_BY: file.by,
    CREATE_TIME: formatB24Date(portal.now()),
    contentBase64: Buffer.from(file.bytes).toString('base64'),
  }
  portal.state.diskFiles.push(record)
  return record
}

function addStorage(portal: Portal, fields: Omit<DiskStorageRecord, 'ID' | 'ROOT_OBJECT_ID'>): DiskStorageRecord {
  const state = portal.state
  const id = nextId(state, 'diskStorage')
  const root = addFolder(state, id, 0, fields.NAME, 1, formatB24Date(portal.now()))
  const storage: DiskStorageRecord = { ID: id, ROOT_OBJECT_ID: root.ID, ...fields }
  state.diskStorages!.push(storage)
  return storage
}

/**
 * The storages besides the application's, made on first use: the common one ("Общий диск" with "Регламенты"),
 * the CRM's system storage, and each active user's own; user 3 (Maria) finds a contract and an estimate in hers.
 */
export function diskStorages(portal: Portal): DiskStorageRecord[] {
  ensureAppStorage(portal)
  const state = portal.state
  if (state.diskStorages) {
    for (const user of state.users)
      if (!state.diskStorages.some((s) => isOwnStorage(s, user.ID))) userStorage(portal, user.ID)
    return state.diskStorages
  }
  state.diskStorages = []
  state.diskFolders = []
  const at = formatB24Date(portal.now())
  const common = addStorage(portal, { NAME: 'Общий диск', ENTITY_TYPE: 'common', ENTITY_ID: 'shared_files_s1' })
  const rules = addFolder(state, common.ID, common.ROOT_OBJECT_ID, 'Регламенты', 1, at)
  addDiskFile(
    portal,
    { storageId: common.ID, folderId: rules.ID },
    { name: 'Регламент закупок.pdf', bytes: samplePdfOf('Purchasing'), by: 1 },
  )
  addStorage(portal, { NAME: 'CRM', ENTITY_TYPE: 'common', ENTITY_ID: 'crm', isSystem: true })
  for (const user of state.users) userStorage(portal, user.ID)
  const maria = state.diskStorages.find((s) => isOwnStorage(s, 3))
  if (maria) {
    const contracts = addFolder(state, maria.ID, maria.ROOT_OBJECT_ID, 'Договоры', 3, at)
    const place = { storageId: maria.ID, folderId: contracts.ID }
    addDiskFile(portal, place, { name: 'Договор поставки.pdf', bytes: samplePdfOf('Supply contract'), by: 3 })
    const root = { storageId: maria.ID, folderId: maria.ROOT_OBJECT_ID }
    addDiskFile(portal, root, { name: 'Смета.png', bytes: pngOf(320, 200, [46, 125, 50]), by: 3 })
  }
  return state.diskStorages
}

const isOwnStorage = (s: DiskStorageRecord, userId: number) =>
  s.ENTITY_TYPE === 'user' && s.ENTITY_ID === String(userId)

function userStorage(portal: Portal, userId: number): DiskStorageRecord {
  const user = portal.state.users.find((u) => u.ID === userId)
  const name = user ? `${user.NAME} ${user.LAST_NAME}`.trim() : `User ${userId}`
  return addStorage(portal, { NAME: name, ENTITY_TYPE: 'user', ENTITY_ID: String(userId) })
}

/** The CRM system storage that timeline comments keep their files in. */
export function crmStorage(portal: Portal): DiskStorageRecord {
  return diskStorages(portal).find((s) => s.isSystem)!
}

/** Whether `userId` may read what `storageId` holds (the application storage counts as readable). */
export function canRead(portal: Portal, userId: number, storageId: number | undefined): boolean {
  if (storageId === undefined || storageId === portal.state.diskStorageId) return true
  const storage = diskStorages(portal).find((s) => s.ID === storageId)
  return !!storage && (storage.ENTITY_TYPE !== 'user' || storage.ENTITY_ID === String(userId))
}

/** Throws the documented refusals: `ERROR_NOT_FOUND` for nothing, `ACCESS_DENIED` for someone else's. */
export function readable<T extends { STORAGE_ID?: number }>(
  portal: Portal,
  userId: number,
  id: number,
  item: T | undefined,
): T {
  if (!item) throw new RestError(404, 'ERROR_NOT_FOUND', `Could not find entity with id \`${id}\``)
  if (!canRead(portal, userId, item.STORAGE_ID)) throw new RestError(403, 'ACCESS_DENIED', 'Access denied')
  return item
}

/** A storage as `disk.storage.get` / `getlist` answer it. */
export function storageWire(s: DiskStorageRecord): Record<string, unknown> {
  const base = { ID: String(s.ID), NAME: s.NAME, CODE: null, MODULE_ID: 'disk', ENTITY_TYPE: s.ENTITY_TYPE }
  return { ...base, ENTITY_ID: s.ENTITY_ID, ROOT_OBJECT_ID: String(s.ROOT_OBJECT_ID) }
}

/** A folder as `disk.folder.get` / `getchildren` answer it. */
export function folderWire(portal: Portal, f: DiskFolderRecord): Record<string, unknown> {
  return {
    ID: String(f.ID),
    NAME: f.NAME,
    CODE: null,
    STORAGE_ID: String(f.STORAGE_ID),
    TYPE: 'folder',
    REAL_OBJECT_ID: String(f.ID),
    PARENT_ID: f.PARENT_ID ? String(f.PARENT_ID) : null,
    DELETED_TYPE: '0',
    CREATE_TIME: f.CREATE_TIME,
    UPDATE_TIME: f.CREATE_TIME,
    DELETE_TIME: null,
    CREATED_BY: String(f.CREATED_BY),
    UPDATED_BY: String(f.CREATED_BY),
    DELETED_BY: '0',
    DETAIL_URL: `${portal.urls.portal}/docs/path/${encodeURIComponent(f.NAME)}/`,
  }
}

function signature(portal: Portal, payload: string): string {
  return createHmac('sha256', portal.state.app.clientSecret).update(payload).digest('base64url')
}

/** The `DOWNLOAD_URL` of file `fileId` for `userId`: signed, so it downloads without further auth. */
export function downloadUrl(portal: Portal, fileId: number, userId: number): string {
  const payload = Buffer.from(`id=${fileId}&u=${userId}`).toString('base64url')
  const token = `disk|${payload}|${signature(portal, payload)}`
  return `${portal.urls.portal}/rest/download.json?token=${encodeURIComponent(token)}`
}

/** The file and user a `DOWNLOAD_URL` token names, or null when it is not one this portal signed. */
export function readDownloadToken(portal: Portal, token: string): { fileId: number; userId: number } | null {
  const [kind, payload, mac] = token.split('|')
  if (kind !== 'disk' || !payload || !mac) return null
  const expected = Buffer.from(signature(portal, payload))
  const given = Buffer.from(mac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  const fields = new URLSearchParams(Buffer.from(payload, 'base64url').toString())
  const fileId = Number(fields.get('id'))
  const userId = Number(fields.get('u'))
  return Number.isInteger(fileId) && Number.isInteger(userId) ? { fileId, userId } : null
}
