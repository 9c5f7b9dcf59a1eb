/**
 * @module Starting an approval at most once per `Idempotency-Key`: the SPA sends one key per submission, so a
 * double click, a retried request or a replay after a lost answer yields the approval the first one started.
 */
import { createHash } from 'node:crypto'
import type { Approval } from '../../domain/index.ts'
import { ConflictError } from '../../ports/errors.ts'
import { tenantKey } from '../../ports/store.ts'
import { approvalKey, type ApprovalRecord } from './approval-records.ts'
import { newApprovalId, startApproval, type StartDeps, type StartRequest } from './start-approval.ts'

/** How long a key is remembered. */
export const idempotencyKeyTtlMs = 24 * 60 * 60_000
/** A reservation older than this whose approval never appeared belonged to a process that died; it is taken over. */
const abandonedAfterMs = 60_000
/** How long a repeat waits for the first request to finish. */
const maxWaitMs = 10_000

/** What a key reserves: the approval id chosen for it and the request it was used with. */
interface Reservation {
  approvalId: string
  bodyHash: string
  at: number
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Starts the approval of `request` unless the initiator already sent `idempotencyKey` with the same request:
 * then returns the approval that one started (`isRepeat`), waiting up to 10 s for it to finish. A request that
 * failed frees its key, so it can be retried.
 * @throws ConflictError `IDEMPOTENCY_KEY_REUSED` (the key came with another request),
 * `IDEMPOTENT_REQUEST_IN_PROGRESS` (the first one is still running after 10 s); the errors of `startApproval`.
 */
export async function startApprovalOnce(
  deps: StartDeps,
  request: StartRequest,
  idempotencyKey: string,
): Promise<{ approval: Approval; isRepeat: boolean }> {
  const key = tenantKey(request.memberId, 'idempotency', String(request.initiatorId), sha256(idempotencyKey))
  // The subject counts by kind and id: its title or amount may change in Bitrix24 between a request and its repeat.
  const subject = request.draft.subject ? { kind: request.draft.subject.kind, id: request.draft.subject.id } : null
  const files = { uploadIds: request.uploadIds ?? [], driveFileIds: request.driveFileIds ?? [] }
  const bodyHash = sha256(JSON.stringify({ ...request.draft, subject, ...files }))
  const deadline = Date.now() + maxWaitMs
  for (;;) {
    const now = deps.clock.now()
    const reservation: Reservation = { approvalId: newApprovalId(now), bodyHash, at: now }
    if (await deps.store.putIfAbsent(key, reservation, idempotencyKeyTtlMs)) {
      try {
        return {
          approval: await startApproval(deps, { ...request, approvalId: reservation.approvalId }),
          isRepeat: false,
        }
      } catch (error) {
        await deps.store.delete(key)
        throw error
      }
    }
    const existing = await deps.store.getTemp<Reservation>(key)
    if (existing === null) continue
    if (existing.bodyHash !== bodyHash) {
      throw new ConflictError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another approval')
    }
    const stored = await deps.store.get<ApprovalRecord>(approvalKey(request.memberId, existing.approvalId))
    if (stored) return { approval: stored.value.approval, isRepeat: true }
    if (now - existing.at > abandonedAfterMs) await deps.store.delete(key)
    else if (Date.now() >= deadline) {
      throw new ConflictError('IDEMPOTENT_REQUEST_IN_PROGRESS', 'The same request is still being processed; try again')
    } else await pause(50)
  }
}
