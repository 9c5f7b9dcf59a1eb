/**
 * @module The files facet of the Portal port (issue 21): keeping an approval's attachments on Bitrix24 Drive, in
 * the application's storage, so the approvers' tasks can carry them (`UF_TASK_WEBDAV_FILES`).
 */

/** A file's name and content (base64, no `data:` prefix). */
export interface DriveFileContent {
  name: string
  contentBase64: string
}

/** What the Drive picker shows: a storage (a user's own, the company's, a group's), a folder or a file. */
export interface DriveItem {
  kind: 'storage' | 'folder' | 'file'
  id: number
  name: string
  /** Bytes, for files; null otherwise. */
  size: number | null
}

/** Where to look on Drive: the storages the caller may open, a storage's root, or a folder. */
export type DrivePlace = { kind: 'storages' } | { kind: 'storage'; id: number } | { kind: 'folder'; id: number }

/** A Drive file read for attaching: its name and bytes, or only its name and size when it is over the limit. */
export type DriveDownload =
  { name: string; size: number; bytes: Uint8Array } | { name: string; size: number; bytes: null }

/** Files on the portal's Drive. Every method may throw what the {@link Portal} documents. */
export interface DriveFiles {
  /**
   * What `place` holds, as the connection's user sees it (storages they may read; a folder's folders, then its
   * files). @throws NotFoundError `DISK_NOT_FOUND`; PermissionError `DISK_ACCESS_DENIED` (someone else's files).
   */
  browse(place: DrivePlace): Promise<DriveItem[]>
  /**
   * Reads file `fileId` as the connection's user may: its name and, unless it is larger than `maxBytes` (then
   * nothing is downloaded), its bytes. @throws NotFoundError `DISK_NOT_FOUND`; PermissionError
   * `DISK_ACCESS_DENIED`.
   */
  download(fileId: number, maxBytes: number): Promise<DriveDownload>
  /**
   * Uploads a file into the application's Drive storage under its name (Bitrix24 adds " (1)" when the name is
   * taken) and returns the Drive object id; 'no-app-storage' when the connection has no application storage
   * (an incoming webhook). Not idempotent: a repeated call stores a second copy.
   */
  upload(file: DriveFileContent): Promise<number | 'no-app-storage'>
}
