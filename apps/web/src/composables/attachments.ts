/**
 * @module Files the initiator attaches to a new approval (issue 21): each is staged at once in chunks of 512 KB
 * (`POST /api/app/uploads`, the website form's staging), so a wrong type (415) or a file over 10 MB (413) is
 * refused while the form is still open; the submission then names the ready uploads.
 */
import { computed, ref } from 'vue'
import { readJson } from '../api/client.ts'
import { usePortalStore } from '../stores/portal.ts'
import { toError } from './request-state.ts'

/** The chunk size the server takes. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024
/** At most this many files per approval, each at most 10 MB (the server's limits, checked there too). */
export const MAX_ATTACHMENTS = 5
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

/** One attached file as the form shows it. */
export interface AttachedFile {
  uploadId: string
  name: string
  size: number
  state: 'uploading' | 'ready' | 'failed'
  error: Error | null
}

const newUploadId = () => crypto.randomUUID().replace(/-/g, '')

/** The attached files, their uploads, and the ids the submission names. */
export function useAttachments() {
  const portal = usePortalStore()
  const files = ref<AttachedFile[]>([])

  async function upload(file: File, entry: AttachedFile) {
    const chunks = Math.max(1, Math.ceil(file.size / UPLOAD_CHUNK_BYTES))
    for (let index = 0; index < chunks; index += 1) {
      const part = file.slice(index * UPLOAD_CHUNK_BYTES, (index + 1) * UPLOAD_CHUNK_BYTES)
      const chunk = new File([part], 'chunk')
      const form = { upload_id: entry.uploadId, index: String(index), chunks: String(chunks), name: file.name }
      const request = portal.client().api.app.uploads.$post({ form: { ...form, size: String(file.size), chunk } })
      const response = await request
      // 204 on success; anything else is read as the server's error (413, 415, 400).
      if (!response.ok) await readJson(Promise.resolve(response))
    }
  }

  /** Attaches `picked` (beyond {@link MAX_ATTACHMENTS} files are left out) and uploads each. */
  async function add(picked: readonly File[]) {
    const room = MAX_ATTACHMENTS - files.value.length
    await Promise.all(
      picked.slice(0, Math.max(0, room)).map(async (file) => {
        files.value.push({ uploadId: newUploadId(), name: file.name, size: file.size, state: 'uploading', error: null })
        const entry = files.value.at(-1)!
        try {
          await upload(file, entry)
          entry.state = 'ready'
        } catch (caught) {
          entry.state = 'failed'
          entry.error = toError(caught)
        }
      }),
    )
  }

  /** Detaches a file (its staged chunks expire on the server). */
  function remove(uploadId: string) {
    files.value = files.value.filter((f) => f.uploadId !== uploadId)
  }

  const uploadIds = computed(() => files.value.filter((f) => f.state === 'ready').map((f) => f.uploadId))
  const isUploading = computed(() => files.value.some((f) => f.state === 'uploading'))
  return { files, add, remove, uploadIds, isUploading }
}
