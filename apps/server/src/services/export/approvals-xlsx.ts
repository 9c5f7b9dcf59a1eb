/**
 * @module The approvals export as XLSX, written with exceljs's streaming workbook writer (no shared strings, so
 * nothing grows with the row count): rows are committed page by page and the next page is read only once the
 * reader has taken what was written, so memory stays bounded however many approvals the export holds.
 */
import ExcelJS from 'exceljs'
import { PassThrough, Readable } from 'node:stream'
import { exportColumns, exportTexts, type ExportLanguage } from './export-texts.ts'
import type { ExportRow } from './export-rows.ts'

const widths: Record<(typeof exportColumns)[number], number> = {
  ...{ id: 28, title: 40, status: 22, initiator: 24, createdAt: 17, closedAt: 17, template: 24, subject: 36 },
  ...{ amount: 14, currency: 9, waitingFor: 30, deadline: 17 },
}
const dateColumns = new Set(['createdAt', 'closedAt', 'deadline'])
/** How much written but unread output makes the writer wait for the reader. */
const backlogBytes = 1 << 20

/** Waits until the reader has taken the output down to {@link backlogBytes}. */
async function readerCaughtUp(out: PassThrough): Promise<void> {
  while (out.readableLength > backlogBytes && !out.destroyed) await new Promise((resolve) => setTimeout(resolve, 2))
}

async function writeWorkbook(out: PassThrough, pages: AsyncIterator<ExportRow[]>, language: ExportLanguage) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true })
  const sheet = workbook.addWorksheet(exportTexts[language].sheets.approvals, {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  sheet.columns = exportColumns.map((key) => ({
    ...{ key, header: exportTexts[language].columns[key], width: widths[key] },
    ...(dateColumns.has(key) ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}),
  }))
  sheet.getRow(1).font = { bold: true }
  sheet.getRow(1).commit()
  for (let next = await pages.next(); !next.done; next = await pages.next()) {
    for (const row of next.value) sheet.addRow(row).commit()
    await readerCaughtUp(out)
    if (out.destroyed) return void (await pages.return?.())
  }
  sheet.commit()
  await workbook.commit()
}

/** The XLSX file of `pages` as a byte stream; a failure while writing errors the stream. */
export function approvalsXlsx(pages: AsyncIterator<ExportRow[]>, language: ExportLanguage): ReadableStream<Uint8Array> {
  const out = new PassThrough()
  writeWorkbook(out, pages, language).catch((error: unknown) => out.destroy(error as Error))
  return Readable.toWeb(out) as ReadableStream<Uint8Array>
}
