/**
 * @module `GET /rest/download.json?token=disk|…`: a Drive file's bytes by the `DOWNLOAD_URL` that `disk.file.get`
 * gave, as an attachment named as on Drive. A token this portal did not sign answers 401; a file gone, 404; a
 * file the URL's user may no longer read, 403.
 */
import type { Portal } from '../portal.ts'
import { RestError } from '../rest/rest-error.ts'
import { canRead, readDownloadToken } from './disk-objects.ts'

/** The answer to one download. */
export function downloadDiskFile(portal: Portal, token: string): Response {
  const named = readDownloadToken(portal, token)
  const refuse = (error: RestError) =>
    new Response(JSON.stringify(error.toBody()), {
      status: error.status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    })
  if (!named) return refuse(new RestError(401, 'invalid_token', 'The access token provided is invalid.'))
  const file = portal.state.diskFiles.find((f) => f.ID === named.fileId)
  if (!file) return refuse(new RestError(404, 'ERROR_NOT_FOUND', `Could not find entity with id \`${named.fileId}\``))
  if (!canRead(portal, named.userId, file.STORAGE_ID))
    return refuse(new RestError(403, 'ACCESS_DENIED', 'Access denied'))
  const bytes = Buffer.from(file.contentBase64, 'base64')
  return new Response(bytes, {
    status: 200,
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.length),
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.NAME)}`,
    },
  })
}
