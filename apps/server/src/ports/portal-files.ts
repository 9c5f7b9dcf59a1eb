/**
 * @module The files facet of the Portal port (issue 21): keeping an approval's attachments on Bitrix24 Drive, in
 * the application's storage, so the approvers' tasks can carry them (`UF_TASK_WEBDAV_FILES`).
 */

/** A file's name and content (base64, no `data:` prefix). */
export interface DriveFileContent {
  name: string
  contentBase64: string
}

/** Files on the portal's Drive. Every method may throw what the {@link Portal} documents. */
export interface DriveFiles {
  /**
   * Uploads a file into the application's Drive storage under its name (Bitrix24 adds " (1)" when the name is
   * taken) and returns the Drive object id; 'no-app-storage' when the connection has no application storage
   * (an incoming webhook). Not idempotent: a repeated call stores a second copy.
   */
  upload(file: DriveFileContent): Promise<number | 'no-app-storage'>
}
