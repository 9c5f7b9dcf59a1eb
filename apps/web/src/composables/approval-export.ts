/**
 * @module Exporting the Approvals list with its current filters: the row count is asked first (an export above
 * the server's maximum is refused then, before anything downloads), then the file streams in while the progress
 * shows rows (CSV, counted by line ends) or kilobytes (XLSX, compressed), and is saved under the server's name.
 */
import { ref } from 'vue'
import { readJson } from '../api/client.ts'
import { usePortalStore } from '../stores/portal.ts'
import { queryStringsOf, type ApprovalListQuery } from './approval-list.ts'
import { useRequestState } from './request-state.ts'

/** The file kinds offered: XLSX, CSV separated by semicolons (Russian Excel) or by commas. */
export const exportFormats = ['xlsx', 'csv-semicolon', 'csv-comma'] as const

/** One of {@link exportFormats}. */
export type ExportFormat = (typeof exportFormats)[number]

/** How far a download is: rows when they can be counted, else bytes received. */
export interface ExportProgress {
  total: number
  rows: number | null
  bytes: number
}

/** The format and delimiter parameters of `format`. */
export function exportParams(format: ExportFormat): { format: 'xlsx' | 'csv'; delimiter?: 'comma' | 'semicolon' } {
  if (format === 'xlsx') return { format: 'xlsx' }
  return { format: 'csv', delimiter: format === 'csv-comma' ? 'comma' : 'semicolon' }
}

/** The file name of a `content-disposition` header, or `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback
}

/**
 * Reads a download to its end, calling `onChunk` with each piece, and saves it as a file.
 * @throws ApiError when the server answered with an error instead of a file.
 */
export async function saveResponse(response: Response, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  if (!response.ok) await readJson(Promise.resolve(response as never))
  const reader = response.body!.getReader()
  const chunks: Uint8Array[] = []
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    chunks.push(next.value)
    onChunk(next.value)
  }
  const type = response.headers.get('content-type') ?? 'application/octet-stream'
  const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileNameOf(response.headers.get('content-disposition'), 'export')
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Line ends in a chunk of CSV (one per row; quoted line breaks inside a cell are rare enough for a progress bar). */
const lineEnds = (chunk: Uint8Array) => chunk.reduce((n, byte) => n + (byte === 10 ? 1 : 0), 0)

/** The export workflow of the Approvals page. */
export function useApprovalExport() {
  const portal = usePortalStore()
  const progress = ref<ExportProgress | null>(null)
  const { isLoading, error, guarded } = useRequestState()
  const api = () => portal.client().api.app.exports.approvals

  /** Exports the list of `query` as `format` in `lang`; resolves with the row count, or null on failure. */
  async function run(query: ApprovalListQuery, format: ExportFormat, lang: string): Promise<number | null> {
    const params = queryStringsOf({ ...query, limit: undefined, ...exportParams(format), lang })
    let count: number | null = null
    await guarded(async () => {
      progress.value = null
      const { count: total } = await readJson(api().count.$get({ query: params }))
      progress.value = { total, rows: format === 'xlsx' ? null : 0, bytes: 0 }
      await saveResponse(await api().$get({ query: params }), (chunk) => {
        const current = progress.value!
        const rows = current.rows === null ? null : Math.min(total, current.rows + lineEnds(chunk))
        progress.value = { total, rows, bytes: current.bytes + chunk.length }
      })
      count = total
    })
    progress.value = null
    return count
  }
  return { run, progress, isLoading, error }
}
