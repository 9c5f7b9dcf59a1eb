/**
 * @module Which approval an approver's Bitrix24 task belongs to: one small record per task the write-back
 * created (`task-link:<taskId>` → approval id), written by the outbox when the ledger first records the task, so an
 * `ONTASKUPDATE` for a task of the app is found with one read, and one for any other task costs no portal request.
 */
import { tenantKey, type Store } from '../../ports/store.ts'
import type { OutboxLedger } from '../outbox/outbox-ledger.ts'

function taskLinkKey(memberId: string, taskId: number): string {
  return tenantKey(memberId, 'task-link', String(taskId))
}

/**
 * Records the approval of every task in `ledger.tasks` not linked yet and notes them in `ledger.linkedTasks`
 * (the caller saves the ledger after). A crash in between only writes a link again.
 */
export async function linkNewTasks(store: Store, memberId: string, approvalId: string, ledger: OutboxLedger) {
  const linked = new Set(ledger.linkedTasks ?? [])
  const fresh = [...new Set(Object.values(ledger.tasks))].filter((taskId) => !linked.has(taskId))
  if (fresh.length === 0) return
  await Promise.all(fresh.map((taskId) => store.put(taskLinkKey(memberId, taskId), { approvalId })))
  ledger.linkedTasks = [...linked, ...fresh]
}

/** The id of the approval the task was created for; `null` for a task the app did not create. */
export async function approvalOfTask(store: Store, memberId: string, taskId: number): Promise<string | null> {
  return (await store.get<{ approvalId: string }>(taskLinkKey(memberId, taskId)))?.value.approvalId ?? null
}
