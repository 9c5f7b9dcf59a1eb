/**
 * The reports routes through the SPA API against the Bitrix24 sandbox: the approvals export in CSV (read back
 * with csv-parse, comma and semicolon) and XLSX (read back with exceljs) holds the list's rows, row for row, for
 * the same filters; an export above `EXPORT_MAX_ROWS` is refused before it starts; the statistics call and its
 * XLSX agree; invalid periods and filters answer 400 naming the field. The rebuild route gives the live figures
 * back (statistics and the users page's workload) slice by slice, also when called twice at once.
 */
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'
import { forgetStatistics } from '../test-support/forget-statistics.ts'

let h: ApprovalHarness
const total = 24
const maxRows = 20

/** 24 approvals by user 7 with approver 8, every third rejected and every fourth approved. */
beforeAll(async () => {
  h = await startApprovalHarness({ env: { EXPORT_MAX_ROWS: String(maxRows) } })
  for (let i = 0; i < total; i += 1) {
    const body = {
      title: `Счёт №${i}; "ООО «Вектор»", строка ${i}`,
      stages: [{ approverIds: [8], rule: { kind: 'all' } }],
    }
    const res = await h.api(7, 'POST', '/api/app/approvals', body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.approval.id
    const response = i % 3 === 0 ? 'reject' : i % 4 === 0 ? 'approve' : null
    if (response) {
      const comment = response === 'reject' ? 'нет' : undefined
      const answer = await h.api(8, 'POST', `/api/app/approvals/${id}/decision`, { response, comment })
      expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    }
  }
  await h.drain()
})
afterAll(async () => {
  await h.close()
})

async function listIds(query: string) {
  const rows: Array<{ id: string; title: string }> = []
  let cursor: string | null = null
  do {
    const res = await h.api(
      7,
      'GET',
      `/api/app/approvals?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    )
    expect(res.status).toBe(200)
    rows.push(...res.body.items)
    cursor = res.body.cursor
  } while (cursor)
  return rows
}

describe('GET /api/app/exports/approvals', () => {
  it.each([
    ['semicolon', ';'],
    ['comma', ','],
  ])('writes the filtered list as UTF-8 CSV with a BOM, %s separated, row for row', async (name, delimiter) => {
    const query = 'role=initiator&status=pending&sort=oldest'
    const res = await h.request(7, `/api/app/exports/approvals?${query}&format=csv&delimiter=${name}&lang=ru`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const records: string[][] = parse(Buffer.from(bytes), { bom: true, delimiter })
    const list = await listIds(query)
    expect(res.headers.get('x-export-rows')).toBe(String(list.length))
    expect(records[0]!.slice(0, 3)).toEqual(['ID', 'Название', 'Статус'])
    expect(records.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual(list.map((a) => [a.id, a.title, 'На согласовании']))
  })

  it('writes XLSX that exceljs reads back row for row, in English', async () => {
    const query = 'role=initiator&status=rejected'
    const res = await h.request(7, `/api/app/exports/approvals?${query}&format=xlsx&lang=en`)
    expect(res.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await res.arrayBuffer())
    const sheet = workbook.getWorksheet('Approvals')!
    const rows = sheet.getSheetValues().slice(2) as unknown[][]
    const list = await listIds(query)
    expect(list.length).toBe(8)
    expect(rows.map((r) => [r[1], r[2], r[3], r[4]])).toEqual(
      list.map((a) => [a.id, a.title, 'Rejected', expect.any(String)]),
    )
    expect(rows.every((r) => r[5] instanceof Date)).toBe(true)
  })

  it('refuses an export above the maximum before starting, and says how many rows fit', async () => {
    const count = await h.api(7, 'GET', '/api/app/exports/approvals/count?role=initiator')
    expect(count.status).toBe(413)
    expect(count.body.error).toMatchObject({ code: 'EXPORT_TOO_LARGE', details: { max: maxRows } })
    const res = await h.request(7, '/api/app/exports/approvals?role=initiator&format=csv')
    expect(res.status).toBe(413)
    const fits = await h.api(7, 'GET', '/api/app/exports/approvals/count?role=initiator&status=pending')
    expect(fits.body).toEqual({ count: (await listIds('role=initiator&status=pending')).length, max: maxRows })
  })

  it('answers 400 naming the field for a bad format or filter', async () => {
    const res = await h.api(7, 'GET', '/api/app/exports/approvals/count?role=initiator&format=pdf&status=done')
    expect(res.status).toBe(400)
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['format', 'status'])
  })

  it('exports only what the list shows the user: a stranger gets an empty file', async () => {
    const res = await h.request(9, '/api/app/exports/approvals?role=initiator&format=csv&delimiter=comma')
    expect(parse(Buffer.from(await res.arrayBuffer()), { bom: true })).toHaveLength(1)
  })
})

describe('GET /api/app/statistics', () => {
  // Days around today in UTC cover today in the portal's time zone (Moscow by default), whatever the hour.
  const dayAt = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
  const period = `from=${dayAt(-1)}&to=${dayAt(1)}`

  it('counts the started, approved and rejected approvals of the portal for an admin', async () => {
    const res = await h.api(1, 'GET', `/api/app/statistics?${period}&grouping=month`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.statistics.totals).toMatchObject({ started: total, rejected: 8, approved: 4, approvalRate: 4 / 12 })
    expect(res.body.statistics.byApprover).toEqual([expect.objectContaining({ approverId: 8, answers: 12, late: 0 })])
    expect(res.body.statistics.slowestOpen).toHaveLength(10)
  })

  it('writes the same figures to XLSX', async () => {
    const res = await h.request(1, `/api/app/exports/statistics?${period}&lang=en`)
    expect(res.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await res.arrayBuffer())
    const totals = Object.fromEntries(
      (workbook.getWorksheet('Totals')!.getSheetValues().slice(2) as unknown[][]).map((r) => [r[1], r[2]]),
    )
    expect(totals).toMatchObject({ Started: total, Approved: 4, Rejected: 8, 'Approval rate': 4 / 12 })
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Totals',
      'Over time',
      'Approvers',
      'Templates',
      'Stages',
      'Open',
    ])
  })

  it.each([
    ['the end before the start', 'from=2026-03-10&to=2026-03-01', 'to'],
    ['a period over 366 days', 'from=2024-01-01&to=2026-01-01', 'from'],
    ['a date that is not one', 'from=2026-02-30&to=2026-03-01', 'from'],
    ['an unknown grouping', 'from=2026-03-01&to=2026-03-02&grouping=year', 'grouping'],
    ['a bad approver', 'from=2026-03-01&to=2026-03-02&approverId=-4', 'approverId'],
    ['no period', '', 'from'],
  ])('answers 400 naming the field for %s', async (_name, query, field) => {
    const res = await h.api(1, 'GET', `/api/app/statistics?${query}`)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field)
  })
})

describe('POST /api/app/statistics/rebuild', () => {
  const dayAt = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
  const queries = [
    `from=${dayAt(-1)}&to=${dayAt(1)}`,
    `from=${dayAt(-40)}&to=${dayAt(1)}&grouping=month`,
    `from=${dayAt(-1)}&to=${dayAt(1)}&approverId=8`,
  ]
  const figures = async () => {
    const all = []
    for (const query of queries) {
      const res = await h.api(1, 'GET', `/api/app/statistics?${query}`)
      expect(res.status).toBe(200)
      all.push(res.body.statistics)
    }
    const people = await h.api(1, 'GET', '/api/app/people?limit=100')
    expect(people.status).toBe(200)
    const workload = people.body.users.map((u: Record<string, unknown>) => [u.id, u.pendingCount, u.medianDecisionMs])
    return { all, workload }
  }
  const rebuild = async (limit: number) => {
    const calls: Array<{ read: number; counted: number; total: number }> = []
    let cursor: string | undefined
    do {
      const res = await h.api(1, 'POST', '/api/app/statistics/rebuild', { cursor, limit })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      calls.push(res.body.rebuild)
      cursor = res.body.rebuild.cursor ?? undefined
    } while (cursor !== undefined)
    return calls
  }
  const forget = async () => {
    const ids = (await listIds('role=initiator')).map((a) => a.id)
    await forgetStatistics(h.server.store, h.sandbox.memberId, ids, { from: dayAt(-40), to: dayAt(2) })
  }

  it('refuses non-admins with 403 and bad bodies with 400, counting nothing', async () => {
    const before = await figures()
    expect((await h.api(7, 'POST', '/api/app/statistics/rebuild', {})).status).toBe(403)
    for (const body of [{ cursor: 'not-a-cursor' }, { limit: 0 }, { limit: 501 }, { from: 'x' }]) {
      const res = await h.api(1, 'POST', '/api/app/statistics/rebuild', body)
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expect(await figures()).toEqual(before)
  })

  it('counts approvals made before the statistics existed to the live figures, in slices, never twice', async () => {
    const live = await figures()
    expect(live.all[0].totals.started).toBe(total)
    // Approver 8 still waits on the 12 unanswered ones and answered the others at once (0 minutes).
    expect(live.workload).toContainEqual([8, 12, 0])
    expect((await rebuild(500)).map((c) => c.counted)).toEqual([0])
    await forget()
    expect((await figures()).all[0].totals.started).toBe(0)
    const calls = await rebuild(7)
    expect(calls.map((c) => c.read)).toEqual([7, 7, 7, 3])
    expect(calls.every((c) => c.total === total)).toBe(true)
    expect(await figures()).toEqual(live)
    expect((await rebuild(10)).reduce((sum, c) => sum + c.counted, 0)).toBe(0)
    expect(await figures()).toEqual(live)
  })

  it('counts each approval once when admins rebuild twice at once', async () => {
    const live = await figures()
    await forget()
    await Promise.all([rebuild(5), rebuild(5), rebuild(11)])
    expect(await figures()).toEqual(live)
  })
})
