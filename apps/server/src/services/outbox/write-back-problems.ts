/**
 * @module What could not be written into the portal: the problems the write-back keeps in an approval's outbox
 * ledger, for the approval page, and a per-portal index of the approvals that have any (newest problem first),
 * for the admins' list. An operation that later succeeds drops its problem, so only what is still not written
 * is shown.
 */
import type { WriteBackProblem } from '../../ports/portal-write-back.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import { approvalKey, type ApprovalRecord } from '../approvals/approval-records.ts'
import { loadLedger, type OutboxLedger } from './outbox-ledger.ts'

/** A problem as the SPA shows it: the operation kind, the portal's reason, and since when. */
export type ApprovalWriteBackProblem = Omit<WriteBackProblem, 'key'>

/** A problem in the admins' list, with the approval it belongs to. */
export interface PortalWriteBackProblem extends ApprovalWriteBackProblem {
  approvalId: string
  title: string
}

function problemIndex(memberId: string): string {
  return tenantKey(memberId, 'write-back-problems')
}

/** The latest time a problem of the ledger was recorded at, or `null` without problems. */
export function latestProblemAt(ledger: OutboxLedger): string | null {
  const times = Object.values(ledger.problems ?? {}).map((p) => p.at)
  return times.length === 0 ? null : times.sort().at(-1)!
}

/** Puts the approval into the portal's problem index at its latest problem (called under its outbox lease). */
export async function indexProblems(store: Store, memberId: string, approvalId: string, latestAt: string) {
  await store.indexAdd(problemIndex(memberId), approvalId, Date.parse(latestAt))
}

/** The ledger's problems, newest first. */
export function problemsOf(ledger: OutboxLedger): ApprovalWriteBackProblem[] {
  return Object.values(ledger.problems ?? {})
    .sort((a, b) => b.at.localeCompare(a.at))
    .map(({ key: _key, ...problem }) => problem)
}

/** What could not be written into the portal for one approval (the caller has checked the reader's access). */
export async function approvalWriteBackProblems(store: Store, memberId: string, approvalId: string) {
  return problemsOf(await loadLedger(store, memberId, approvalId))
}

/** The portal's write-back problems of the `limit` approvals with the most recent ones, newest first. */
export async function portalWriteBackProblems(
  store: Store,
  memberId: string,
  limit: number,
): Promise<PortalWriteBackProblem[]> {
  const page = await store.indexPage(problemIndex(memberId), { limit, reverse: true })
  const lists = await Promise.all(
    page.entries.map(async ({ member: approvalId }) => {
      const record = (await store.get<ApprovalRecord>(approvalKey(memberId, approvalId)))?.value
      const title = record?.approval.title ?? ''
      const problems = await approvalWriteBackProblems(store, memberId, approvalId)
      return problems.map((problem) => ({ approvalId, title, ...problem }))
    }),
  )
  return lists.flat().sort((a, b) => b.at.localeCompare(a.at))
}
