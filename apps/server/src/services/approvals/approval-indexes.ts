/**
 * @module The ordered indexes approval lists read: one per scope (the portal, an initiator, an
 * approver, a subject) and order (creation time, deadline), kept in step with every committed transition, so
 * each sort of each list is one ordered read with the store's cursor instead of a scan and a sort.
 */
import { listDeadlineAt, type Approval, type Subject, type UserId } from '../../domain/index.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import { approvalIndex, approvalKey, approverIds, type ApprovalRecord } from './approval-records.ts'

/** A set of approvals a list reads: the portal's, one person's as initiator or as approver, or one item's. */
export type ApprovalScope =
  | { kind: 'all' }
  | { kind: 'initiator' | 'approver'; userId: UserId }
  | { kind: 'subject'; subject: Pick<Subject, 'kind' | 'id'> }

/** How an index is ordered: `created` scores by creation time (ms), `due` by {@link dueScore}. */
export type ApprovalOrder = 'created' | 'due'

function createdIndexName(memberId: string, scope: ApprovalScope): string {
  if (scope.kind === 'all') return approvalIndex.all(memberId)
  if (scope.kind === 'subject') return approvalIndex.subject(memberId, scope.subject)
  return approvalIndex[scope.kind](memberId, scope.userId)
}

/**
 * The index of `scope` in `order`. The `created` names are those of `approvalIndex`; a `due` name is the same
 * key under `ix-due` instead of `ix`.
 */
export function approvalIndexName(memberId: string, scope: ApprovalScope, order: ApprovalOrder): string {
  const created = createdIndexName(memberId, scope)
  if (order === 'created') return created
  const prefix = tenantKey(memberId, 'ix')
  return tenantKey(memberId, 'ix-due') + created.slice(prefix.length)
}

/** Every scope the approval belongs to. */
export function scopesOf(approval: Approval): ApprovalScope[] {
  const scopes: ApprovalScope[] = [{ kind: 'all' }, { kind: 'initiator', userId: approval.initiatorId }]
  for (const userId of approverIds(approval)) scopes.push({ kind: 'approver', userId })
  if (approval.subject) scopes.push({ kind: 'subject', subject: approval.subject })
  return scopes
}

/** The scopes of `after` that `before` lacks (new approvers, a new subject); all of them without `before`. */
export function addedScopes(before: Approval | null, after: Approval): ApprovalScope[] {
  const known = new Set((before ? scopesOf(before) : []).map((s) => createdIndexName(after.memberId, s)))
  return scopesOf(after).filter((scope) => !known.has(createdIndexName(after.memberId, scope)))
}

/**
 * Approvals without a deadline sort after every deadline, newest first: their score counts down from the latest
 * instant a `Date` can hold (8.64e15 ms), which is still an exact integer in a double.
 */
const noDeadlineScore = 8_640_000_000_000_000

/** The approval's score in the `due` indexes: its list deadline (`listDeadlineAt`) in ms, soonest first. */
export function dueScore(approval: Approval): number {
  const due = listDeadlineAt(approval)
  return due === null ? noDeadlineScore - Date.parse(approval.createdAt) : Date.parse(due)
}

/**
 * Adds the approval to the indexes of `scopes` (all of its scopes by default) in both orders. Called before the
 * document is written, so a crash or a lost compare-and-set leaves at most a member too many (readers skip members
 * without a document, and check the approval's subject and the reader's role on it), never an unlisted approval.
 */
export async function indexApproval(store: Store, approval: Approval, scopes = scopesOf(approval)): Promise<void> {
  const { memberId, id } = approval
  const created = Date.parse(approval.createdAt)
  const due = dueScore(approval)
  await Promise.all(
    scopes.flatMap((scope) => [
      store.indexAdd(approvalIndexName(memberId, scope, 'created'), id, created),
      store.indexAdd(approvalIndexName(memberId, scope, 'due'), id, due),
    ]),
  )
}

/** The approval's subject scope, when it has a subject. */
const subjectScopes = (approval: Approval) => scopesOf(approval).filter((scope) => scope.kind === 'subject')

/**
 * Brings the indexes in step once `before` became `after` (already written): moves the approval in its `due`
 * indexes when its deadline changed, and takes it out of the old subject's indexes when a resubmission changed the
 * subject. Approver indexes only grow: whoever once held a place keeps finding the approval. A crash before this
 * runs leaves a stale `due` score, which the list repairs when it reads it.
 *
 * The steps of overlapping subject changes may run in any order (a slow instance removing deal A after a later
 * resubmission moved the approval back to A), so after a subject change the approval is read again and put back
 * into the lists of the subject it has now: whichever step runs last, it stays listed under its subject.
 */
export async function reindexApproval(store: Store, before: Approval, after: Approval): Promise<void> {
  const { memberId, id } = after
  const kept = new Set(scopesOf(after).map((scope) => createdIndexName(memberId, scope)))
  const left = subjectScopes(before).filter((scope) => !kept.has(createdIndexName(memberId, scope)))
  const score = dueScore(after)
  const moved = dueScore(before) === score ? [] : scopesOf(after)
  await Promise.all([
    ...left.flatMap((scope) => [
      store.indexRemove(approvalIndexName(memberId, scope, 'created'), id),
      store.indexRemove(approvalIndexName(memberId, scope, 'due'), id),
    ]),
    ...moved.map((scope) => store.indexAdd(approvalIndexName(memberId, scope, 'due'), id, score)),
  ])
  const isSubjectChanged = left.length > 0 || addedScopes(before, after).some((scope) => scope.kind === 'subject')
  if (!isSubjectChanged) return
  const current = (await store.get<ApprovalRecord>(approvalKey(memberId, id)))?.value.approval
  if (current) await indexApproval(store, current, subjectScopes(current))
}
