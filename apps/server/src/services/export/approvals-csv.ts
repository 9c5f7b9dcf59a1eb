/**
 * @module The approvals export as CSV: UTF-8 with a byte-order mark (so Excel reads Cyrillic right), comma or
 * semicolon separated (Russian Excel opens semicolon files directly), written with `csv-stringify` page by page
 * as the reader pulls, so memory holds one page whatever the export's size.
 */
import { stringify } from 'csv-stringify/sync'
import { exportColumns, exportTexts, type ExportLanguage } from './export-texts.ts'
import type { ExportRow } from './export-rows.ts'

/** The field separators a CSV export offers. */
export const csvDelimiters = { comma: ',', semicolon: ';' } as const

/** One of the keys of {@link csvDelimiters}. */
export type CsvDelimiter = keyof typeof csvDelimiters

const pad = (n: number) => String(n).padStart(2, '0')

/** A wall-clock `Date` (see `wallClock`) as `YYYY-MM-DD HH:MM`, which Excel and LibreOffice read as a date. */
export function csvDateTime(date: Date | null): string {
  if (date === null) return ''
  const day = date.toISOString().slice(0, 10)
  return `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`
}

function cells(row: ExportRow): string[] {
  return exportColumns.map((column) => {
    const value = row[column]
    if (value instanceof Date || value === null) return csvDateTime(value as Date | null)
    return String(value)
  })
}

/** The CSV file of `pages` as a byte stream that reads one page per pull. */
export function approvalsCsv(
  pages: AsyncIterator<ExportRow[]>,
  options: { language: ExportLanguage; delimiter: CsvDelimiter },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const delimiter = csvDelimiters[options.delimiter]
  const header = exportColumns.map((column) => exportTexts[options.language].columns[column])
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('\uFEFF' + stringify([header], { delimiter, record_delimiter: 'windows' })))
    },
    async pull(controller) {
      const next = await pages.next()
      if (next.done) return controller.close()
      controller.enqueue(encoder.encode(stringify(next.value.map(cells), { delimiter, record_delimiter: 'windows' })))
    },
    async cancel() {
      await pages.return?.()
    },
  })
}
