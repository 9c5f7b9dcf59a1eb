/**
 * @module `disk.storage.getforapp` and `disk.folder.uploadfile` (§5.14): the app storage is created on
 * first use; upload takes `fileContent: [name, base64]`; not allowed inside `batch`. Browsing as the caller:
 * `disk.storage.getlist` (the storages they may read), `disk.storage.getchildren`, `disk.folder.getchildren`
 * and `disk.file.get` (with a `DOWNLOAD_URL`); someone else's user storage answers `ACCESS_DENIED`.
 * @see https://apidocs.bitrix24.com/api-reference/disk/storage/disk-storage-get-list.html
 * @see https://apidocs.bitrix24.com/api-reference/disk/folder/disk-folder-get-children.html
 */
import { formatB24Date } from '../b24-date.ts'
import type { Portal } from '../portal.ts'
import { nextId, type DiskFileRecord } from '../state.ts'
import { applyFilter, paginate } from '../rest/list.ts'
import { asInt, asList, asRecord, asText, isYes, param } from '../rest/params.ts'
import type { MethodCall, MethodTable } from '../rest/registry.ts'
import { RestError } from '../rest/rest-error.ts'
import {
  canRead,
  diskStorages,
  downloadUrl,
  ensureAppStorage as ensureStorage,
  folderWire,
  readable,
  storageWire,
} from './disk-objects.ts'

function uniqueName(portal: Portal, folderId: number, name: string): string {
  const taken = (n: string) => portal.state.diskFiles.some((f) => f.PARENT_ID === folderId && f.NAME === n)
  if (!taken(name)) return name
  const dot = name.lastIndexOf('.')
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, '']
  let i = 1
  while (taken(`${stem} (${i})${ext}`)) i += 1
  return `${stem} (${i})${ext}`
}

function fileWire(portal: Portal, file: DiskFileRecord, userId: number): Record<string, unknown> {
  return {
    ID: file.ID,
    NAME: file.NAME,
    CODE: null,
    STORAGE_ID: String(file.STORAGE_ID ?? portal.state.diskStorageId),
    TYPE: 'file',
    PARENT_ID: String(file.PARENT_ID),
    DELETED_TYPE: 0,
    GLOBAL_CONTENT_VERSION: 1,
    FILE_ID: file.ID + 20_000,
    SIZE: String(file.SIZE),
    CREATE_TIME: file.CREATE_TIME,
    UPDATE_TIME: file.CREATE_TIME,
    DELETE_TIME: null,
    CREATED_BY: String(file.CREATED_BY),
    UPDATED_BY: String(file.CREATED_BY),
    DELETED_BY: null,
    DOWNLOAD_URL: downloadUrl(portal, file.ID, userId),
    DETAIL_URL: `${portal.urls.portal}/docs/path/${encodeURIComponent(file.NAME)}`,
  }
}

/** The Drive methods. */
export const diskMethods: MethodTable = {
  'disk.storage.getforapp': {
    scope: 'disk',
    appOnly: true,
    handler: ({ portal }) => {
      ensureStorage(portal)
      const s = portal.state
      return {
        result: {
          ID: String(s.diskStorageId),
          NAME: 'bitrix.restapi',
          CODE: null,
          MODULE_ID: 'disk',
          ENTITY_TYPE: 'restapp',
          ENTITY_ID: '1',
          ROOT_OBJECT_ID: String(s.diskRootFolderId),
        },
      }
    },
  },
  'disk.folder.uploadfile': {
    scope: 'disk',
    notInBatch: true,
    handler: ({ portal, params, user }) => {
      ensureStorage(portal)
      const folderId = asInt(param(params, 'id'))
      const isAppRoot = folderId === portal.state.diskRootFolderId
      const folder = isAppRoot
        ? undefined
        : diskStorages(portal) && portal.state.diskFolders!.find((f) => f.ID === folderId)
      if (!isAppRoot && !folder) throw new RestError(404, 'ERROR_NOT_FOUND', 'Could not find entity with id `Folder`')
      if (folder) readable(portal, user.ID, folderId, folder)
      const content = asList(param(params, 'fileContent'))
      const data = asRecord(param(params, 'data'))
      const name = asText(data['NAME']) || asText(content[0])
      if (!name) throw new RestError(400, 'ERROR_ARGUMENT', 'Required parameter data[NAME] is empty')
      if (content.length < 2)
        return { result: { field: 'file', uploadUrl: `${portal.urls.portal}/rest/upload.json?folder=${folderId}` } }
      const taken = portal.state.diskFiles.some((f) => f.PARENT_ID === folderId && f.NAME === name)
      if (taken && !isYes(param(params, 'generateUniqueName'))) {
        throw new RestError(400, 'DISK_OBJ_22000', 'File or folder with the name specified already exists')
      }
      const base64 = asText(content[1])
      const file: DiskFileRecord = {
        ID: nextId(portal.state, 'diskObject'),
        NAME: uniqueName(portal, folderId, name),
        PARENT_ID: folderId,
        SIZE: Buffer.from(base64, 'base64').length,
        CREATED_BY: user.ID,
        CREATE_TIME: formatB24Date(portal.now()),
        contentBase64: base64,
        ...(folder ? { STORAGE_ID: folder.STORAGE_ID } : {}),
      }
      portal.state.diskFiles.push(file)
      return { result: fileWire(portal, file, user.ID) }
    },
  },
  'disk.storage.getlist': {
    scope: 'disk',
    handler: ({ portal, params, user }) => {
      const rows = diskStorages(portal)
        .filter((s) => !s.isSystem && canRead(portal, user.ID, s.ID))
        .map(storageWire)
      const page = paginate(applyFilter(rows, param(params, 'filter')), param(params, 'start'))
      return { result: page.page, total: page.total, ...(page.next === undefined ? {} : { next: page.next }) }
    },
  },
  'disk.storage.getchildren': {
    scope: 'disk',
    handler: (call) => {
      const id = asInt(param(call.params, 'id'))
      const storage = diskStorages(call.portal).find((s) => s.ID === id)
      const root = readable(call.portal, call.user.ID, id, storage && { STORAGE_ID: storage.ID, ...storage })
      return children(call, root.ROOT_OBJECT_ID)
    },
  },
  'disk.folder.getchildren': {
    scope: 'disk',
    handler: (call) => {
      const id = asInt(param(call.params, 'id'))
      diskStorages(call.portal)
      const folder = call.portal.state.diskFolders!.find((f) => f.ID === id)
      readable(call.portal, call.user.ID, id, folder)
      return children(call, id)
    },
  },
  'disk.file.get': {
    scope: 'disk',
    handler: ({ portal, params, user }) => {
      const id = asInt(param(params, 'id'))
      if (!id) throw new RestError(400, 'ERROR_ARGUMENT', 'Invalid value of parameter {Parameter #0}')
      diskStorages(portal)
      const file = readable(
        portal,
        user.ID,
        id,
        portal.state.diskFiles.find((f) => f.ID === id),
      )
      return { result: fileWire(portal, file, user.ID) }
    },
  },
}

/** One page of a folder's folders and files, folders first (`filter` and `START` as documented). */
function children({ portal, params, user }: MethodCall, folderId: number) {
  const folders = portal.state.diskFolders!.filter((f) => f.PARENT_ID === folderId).map((f) => folderWire(portal, f))
  const files = portal.state.diskFiles.filter((f) => f.PARENT_ID === folderId).map((f) => fileWire(portal, f, user.ID))
  const rows = applyFilter([...folders, ...files], param(params, 'filter'))
  const page = paginate(rows, param(params, 'start'))
  return { result: page.page, total: page.total, ...(page.next === undefined ? {} : { next: page.next }) }
}
