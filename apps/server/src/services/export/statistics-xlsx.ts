/**
 * @module The statistics tables as an XLSX workbook: totals, the figures over time, time to decision per
 * approver, template and stage, and the slowest open approvals, one sheet each, in the user's language.
 */
import ExcelJS from 'exceljs'
import { statsCounters } from '../../domain/index.ts'
import type { Statistics } from '../stats/read-stats.ts'
import { wallClock } from './export-rows.ts'
import { exportTexts, type ExportLanguage } from './export-texts.ts'

/** What the workbook needs besides the figures: language, period, user and template names. */
export interface StatisticsSheetContext {
  language: ExportLanguage
  period: string
  userNames: ReadonlyMap<number, string>
  templateNames: ReadonlyMap<string, string>
}

function addTable(workbook: ExcelJS.Workbook, name: string, header: string[], rows: unknown[][]) {
  const sheet = workbook.addWorksheet(name)
  sheet.addRow(header).font = { bold: true }
  for (const row of rows) sheet.addRow(row)
  sheet.columns.forEach((column) => (column.width = 18))
  sheet.getColumn(1).width = 32
}

/** The statistics workbook as bytes. */
export async function statisticsXlsx(stats: Statistics, ctx: StatisticsSheetContext): Promise<Uint8Array> {
  const t = exportTexts[ctx.language]
  const name = (id: number) => ctx.userNames.get(id) ?? `#${id}`
  const workbook = new ExcelJS.Workbook()
  const counters = statsCounters.map((c) => t.stats[c])
  const totals = statsCounters.map((c) => [t.stats[c], stats.totals[c]])
  addTable(
    workbook,
    t.sheets.totals,
    [t.stats.figure, t.stats.value],
    [[t.stats.period, ctx.period], ...totals, [t.stats.approvalRate, stats.totals.approvalRate]],
  )
  const series = stats.series.map((b) => [b.bucket, ...statsCounters.map((c) => b[c]), b.approvalRate])
  addTable(workbook, t.sheets.series, [t.stats.bucket, ...counters, t.stats.approvalRate], series)
  const times = [t.stats.answers, t.stats.median, t.stats.p90]
  addTable(
    workbook,
    t.sheets.approvers,
    [t.stats.approver, ...times, t.stats.late],
    stats.byApprover.map((r) => [name(r.approverId), r.answers, r.medianMinutes, r.p90Minutes, r.late]),
  )
  const template = (id: string | null) => (id === null ? t.stats.noTemplate : (ctx.templateNames.get(id) ?? id))
  addTable(
    workbook,
    t.sheets.templates,
    [t.stats.template, ...times],
    stats.byTemplate.map((r) => [template(r.templateId), r.answers, r.medianMinutes, r.p90Minutes]),
  )
  addTable(
    workbook,
    t.sheets.stages,
    [t.stats.stage, ...times],
    stats.byStage.map((r) => [r.stage, r.answers, r.medianMinutes, r.p90Minutes]),
  )
  const open = stats.slowestOpen.map((r) => [
    ...[r.id, r.title, t.statuses[r.status], name(r.initiatorId), wallClock(r.createdAt, stats.timeZone)],
    r.waitingFor.map(name).join(', '),
  ])
  const c = t.columns
  addTable(workbook, t.sheets.open, [c.id, c.title, c.status, c.initiator, c.createdAt, c.waitingFor], open)
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
