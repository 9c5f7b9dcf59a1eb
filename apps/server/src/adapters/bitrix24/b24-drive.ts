/**
 * @module The application's Drive storage (`disk.storage.getforapp`, created on first use) and uploads into its
 * root folder (`disk.folder.uploadfile` with `fileContent: [name, base64]`), shared by the leads facet and the
 * files facet; browsing as the connection's user (`disk.storage.getlist`, `disk.storage.getchildren`,
 * `disk.folder.getchildren`) and reading a file (`disk.file.get`, then a GET of its `DOWNLOAD_URL`, which carries
 * its own authorisation).
 * @see https://apidocs.bitrix24.com/api-reference/disk/storage/disk-storage-get-for-app.html
 * @see https://apidocs.bitrix24.com/api-reference/disk/folder/disk-folder-upload-file.html
 * @see https://apidocs.bitrix24.com/api-reference/disk/folder/disk-folder-get-children.html
 * @see https://apidocs.bitrix24.com/api-reference/disk/file/disk-file-get.html
 */
import { z } from 'zod'
import { AppError, NotFoundError, PermissionError, UpstreamError } from '../../ports/errors.ts'
import type { DriveFiles, DriveItem, DrivePlace } from '../../ports/portal-files.ts'
import { bitrix24ErrorCode, type RestClient } from './b24-rest.ts'

const storage = z.looseObject({ ROOT_OBJECT_ID: z.coerce.number().int().positive() })
const uploaded = z.looseObject({ ID: z.coerce.number().int().positive() })
const storageRow = z.looseObject({ ID: z.coerce.number().int().positive(), NAME: z.string() })
const childRow = z.looseObject({
  ID: z.coerce.number().int().positive(),
  NAME: z.string(),
  TYPE: z.enum(['folder', 'file']),
  SIZE: z.coerce.number().int().nonnegative().nullish(),
})
const fileRow = z.looseObject({
  NAME: z.string(),
  TYPE: z.literal('file'),
  SIZE: z.coerce.number().int().nonnegative(),
  DOWNLOAD_URL: z.url(),
})

/** Drive's refusals as our errors: `ERROR_NOT_FOUND` → 404 `DISK_NOT_FOUND`, `ACCESS_DENIED` → 403. */
function refusal(error: unknown, what: string): unknown {
  const code = bitrix24ErrorCode(error)
  if (code === 'ERROR_NOT_FOUND') return new NotFoundError('DISK_NOT_FOUND', `There is no ${what} on Drive`)
  if (code === 'ACCESS_DENIED' || (error instanceof AppError && error.code === 'BITRIX24_ACCESS_DENIED'))
    return new PermissionError('DISK_ACCESS_DENIED', `You may not open ${what} on Drive`, { cause: error })
  return error
}

async function browse(rest: RestClient, place: DrivePlace): Promise<DriveItem[]> {
  if (place.kind === 'storages') {
    // The first page (50): more storages than that are groups' that a picker would not list anyway.
    const rows = z.array(storageRow).parse(await rest.call('disk.storage.getlist'))
    return rows.map((r) => ({ kind: 'storage', id: r.ID, name: r.NAME, size: null }))
  }
  const method = place.kind === 'storage' ? 'disk.storage.getchildren' : 'disk.folder.getchildren'
  const answer = await rest.call(method, { id: place.id }).catch((error: unknown) => {
    throw refusal(error, `${place.kind} ${place.id}`)
  })
  return z
    .array(childRow)
    .parse(answer)
    .map((r) => ({ kind: r.TYPE, id: r.ID, name: r.NAME, size: r.TYPE === 'file' ? (r.SIZE ?? 0) : null }))
}

/** How long a file's download may take before it is given up. */
const downloadTimeoutMs = 30_000
/** Redirects followed within the portal's own host. */
const maxRedirects = 3

/**
 * Downloads `url` from the portal `domain` only: another host, scheme or a redirect away from the portal is
 * refused (a portal cannot make the app fetch an internal address), the download is given up after 30 s, and the
 * body is read up to `maxBytes` (null beyond it, whatever `SIZE` said).
 */
async function fetchBytes(url: string, domain: string, maxBytes: number, what: string): Promise<Uint8Array | null> {
  let response: Response | undefined
  let target = url
  const signal = AbortSignal.timeout(downloadTimeoutMs)
  for (let hop = 0; hop <= maxRedirects && !response; hop += 1) {
    const parsed = new URL(target)
    if (parsed.host !== domain || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
      throw new UpstreamError('BITRIX24_UNAVAILABLE', `Drive named a download address outside the portal for ${what}`)
    const answer = await fetch(parsed, { redirect: 'manual', signal }).catch((error: unknown) => {
      throw new UpstreamError('BITRIX24_UNAVAILABLE', `Downloading ${what} failed`, { cause: error })
    })
    const location = answer.headers.get('location')
    if (answer.status >= 300 && answer.status < 400 && location) {
      await answer.body?.cancel()
      target = new URL(location, parsed).toString()
    } else response = answer
  }
  if (!response) throw new UpstreamError('BITRIX24_UNAVAILABLE', `Downloading ${what}: too many redirects`)
  if (response.status === 404) throw new NotFoundError('DISK_NOT_FOUND', `There is no ${what} on Drive`)
  if (response.status === 401 || response.status === 403)
    throw new PermissionError('DISK_ACCESS_DENIED', `You may not open ${what} on Drive`)
  if (!response.ok) throw new UpstreamError('BITRIX24_UNAVAILABLE', `Downloading ${what}: HTTP ${response.status}`)
  return readAtMost(response, maxBytes, what)
}

async function readAtMost(response: Response, maxBytes: number, what: string): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = response.body?.getReader()
  try {
    for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
      size += read.value.length
      if (size > maxBytes) {
        await reader!.cancel()
        return null
      }
      chunks.push(read.value)
    }
  } catch (error) {
    throw new UpstreamError('BITRIX24_UNAVAILABLE', `Downloading ${what} failed`, { cause: error })
  }
  return Buffer.concat(chunks)
}

/** The root folder id of the application's storage (asked once), or 'no-app-storage' under an incoming webhook. */
export function appFolderOf(rest: RestClient): () => Promise<number | 'no-app-storage'> {
  let rootFolder: Promise<number | 'no-app-storage'> | undefined
  return () =>
    (rootFolder ??= rest.call('disk.storage.getforapp').then(
      (result) => storage.parse(result).ROOT_OBJECT_ID,
      (error: unknown) => {
        rootFolder = undefined
        if (bitrix24ErrorCode(error) === 'WRONG_AUTH_TYPE') return 'no-app-storage' as const
        throw error
      },
    ))
}

/** Creates the files facet over one portal's REST pipe; `domain` is the portal's host, the only one downloaded from. */
export function createB24Drive(rest: RestClient, domain: string): DriveFiles {
  const appFolder = appFolderOf(rest)
  return {
    async upload(file) {
      const folder = await appFolder()
      if (folder === 'no-app-storage') return folder
      const params = {
        ...{ id: folder, data: { NAME: file.name }, fileContent: [file.name, file.contentBase64] },
        generateUniqueName: true,
      }
      return uploaded.parse(await rest.call('disk.folder.uploadfile', params)).ID
    },
    browse: (place) => browse(rest, place),
    async download(fileId, maxBytes) {
      const what = `file ${fileId}`
      const answer = await rest.call('disk.file.get', { id: fileId }).catch((error: unknown) => {
        throw refusal(error, what)
      })
      const file = fileRow.parse(answer)
      if (file.SIZE > maxBytes) return { name: file.NAME, size: file.SIZE, bytes: null }
      const bytes = await fetchBytes(file.DOWNLOAD_URL, domain, maxBytes, what)
      return { name: file.NAME, size: bytes?.length ?? file.SIZE, bytes }
    },
  }
}
