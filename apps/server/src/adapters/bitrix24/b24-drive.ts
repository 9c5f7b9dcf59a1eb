/**
 * @module The application's Drive storage (`disk.storage.getforapp`, created on first use) and uploads into its
 * root folder (`disk.folder.uploadfile` with `fileContent: [name, base64]`). Shared by the leads facet and the
 * files facet.
 * @see https://apidocs.bitrix24.com/api-reference/disk/storage/disk-storage-get-for-app.html
 * @see https://apidocs.bitrix24.com/api-reference/disk/folder/disk-folder-upload-file.html
 */
import { z } from 'zod'
import type { DriveFiles } from '../../ports/portal-files.ts'
import { bitrix24ErrorCode, type RestClient } from './b24-rest.ts'

const storage = z.looseObject({ ROOT_OBJECT_ID: z.coerce.number().int().positive() })
const uploaded = z.looseObject({ ID: z.coerce.number().int().positive() })

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

/** Creates the files facet over one portal's REST pipe. */
export function createB24Drive(rest: RestClient): DriveFiles {
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
  }
}
