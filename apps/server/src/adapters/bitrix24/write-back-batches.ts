/**
 * @module The write-back facet of the Portal adapter: sends the commands of a write-back in `batch` requests of
 * up to 50 commands (architecture §8) that do not halt, so each command has its own outcome, written to the
 * ledger as soon as its batch answered. A command Bitrix24 refuses with an error code (a closed workflow, denied
 * access) is recorded as refused, logged, and never retried; one it does not carry out without saying why (an
 * empty error code, a `false` or missing result) is retried by the outbox, then recorded as failed
 * (`write-back-problems.ts`). Both are kept in the ledger's `problems`.
 *
 * Exactly once, even when an answer is lost: before a batch goes out, the keys of its commands that create
 * something (a task, a comment) are saved as in flight. When the request then fails without an answer (a
 * timeout, a dropped connection, a 5xx after the portal did the work, a crash of this process), the next run
 * first looks each in-flight command's entity up in the portal (its `find`, read page after page of 50 rows,
 * newest first, until found) and records what it finds, so only the commands that really did not run are sent
 * again. Commands without `find` are idempotent in Bitrix24 itself (a notification `TAG` replaces its older twin;
 * completing a completed task changes nothing).
 *
 * Neither `batchByChunk` nor `fetchList` fits here: the first drops which command a result or refusal belongs
 * to, the second reads lists oldest first, while the entity a lookup seeks is among the newest rows.
 * @see https://apidocs.bitrix24.com/api-reference/how-to-call-rest-api/batch.html
 */
import { PermissionError, ValidationError, type AppError } from '../../ports/errors.ts'
import type { WriteBack, WriteBackLedger } from '../../ports/portal-write-back.ts'
import { inChunks, maxBatchCommands, type BatchOutcome, type RestParams } from './b24-rest.ts'
import type { BatchQueue } from './batch-queue.ts'
import { listPageSize, writeBackCommands, type PortalCommand } from './write-back-commands.ts'
import { recordRefused, recordUnwritten, refusalCode, refusalReason, unwrittenReason } from './write-back-problems.ts'

/** Ledgers written before `owned` was kept by operation kind keyed it by the creating method. */
const legacyOwnedKey: Partial<Record<PortalCommand['kind'], string>> = {
  'task-create': 'tasks.task.add',
  'task-comment': 'task.commentitem.add',
  'timeline-comment': 'crm.timeline.comment.add',
}

/** The ids the ledger owns for a command's kind, under its key or its older method key. */
function ownedIds(ledger: WriteBackLedger, command: PortalCommand): ReadonlySet<number> {
  const legacy = legacyOwnedKey[command.kind]
  return new Set([...(ledger.owned[command.kind] ?? []), ...(legacy ? (ledger.owned[legacy] ?? []) : [])])
}

const chunks = <T>(items: T[]): T[][] => inChunks(items, maxBatchCommands)

function createdId(command: PortalCommand, result: unknown): number | undefined {
  const raw = command.place === undefined ? result : (result as { task?: { id?: unknown } } | null)?.task?.id
  // Only a number or a numeric string is an id (`Number(true)` is 1).
  const id = typeof raw === 'number' || typeof raw === 'string' ? Number(raw) : Number.NaN
  return Number.isInteger(id) && id > 0 ? id : undefined
}

function record(ledger: WriteBackLedger, command: PortalCommand, result: unknown): void {
  ledger.done[command.key] = typeof result === 'object' && result !== null ? true : (result ?? true)
  if (ledger.problems) delete ledger.problems[command.key]
  const id = createdId(command, result)
  if (id === undefined) return
  if (command.place !== undefined) ledger.tasks[command.place] = id
  if (command.find) (ledger.owned[command.kind] ??= []).push(id)
}

/**
 * Records one command's outcome in a batch; returns the error to retry it with when it was not carried out for a
 * passing reason.
 */
function settle(
  ledger: WriteBackLedger,
  command: PortalCommand,
  outcome: BatchOutcome,
  at: string,
): AppError | undefined {
  if (outcome.ok) {
    const reason = unwrittenReason(command, outcome.result, createdId(command, outcome.result))
    if (reason !== null) return recordUnwritten(ledger, command, { code: null, reason }, at)
    record(ledger, command, outcome.result)
    return undefined
  }
  // A command the portal refused by itself (the request as a whole went through) is final: a bad request, or one
  // the application may not make (ACCESS_DENIED, insufficient_scope); retrying it would never succeed.
  if (!(outcome.error instanceof ValidationError || outcome.error instanceof PermissionError)) return outcome.error
  const code = refusalCode(outcome.error)
  if (code !== null) {
    recordRefused(ledger, command, outcome.error, at)
    return undefined
  }
  return recordUnwritten(ledger, command, { code, reason: refusalReason(outcome.error) }, at)
}

function batchCalls(entries: { method: string; params: RestParams }[]) {
  return Object.fromEntries(entries.map((c, i) => [`c${i}`, [c.method, c.params] as [string, RestParams]]))
}

/**
 * Most pages one lookup reads (5,000 rows, newest first). The entity sought was made when its request went out,
 * so only what was added to the same list since then comes before it; the bound only stops a portal that
 * ignores `start` from keeping the outbox reading forever.
 */
const maxLookupPages = 100

/** One page of one in-flight command's lookup. */
interface LookupPage {
  command: PortalCommand
  start: number
}

function lookupCall({ command, start }: LookupPage) {
  const find = command.find!
  return { method: find.method, params: start === 0 ? find.params : { ...find.params, start } }
}

/**
 * Reads one page of each lookup (in `batch` requests) and records what is found; returns the lookups whose entity
 * may be on a further page. A lookup Bitrix24 refuses (the deal is gone) finds nothing.
 */
async function readLookupPages(
  batches: BatchQueue,
  pages: LookupPage[],
  ledger: WriteBackLedger,
): Promise<LookupPage[]> {
  const further: LookupPage[] = []
  for (const chunk of chunks(pages)) {
    const outcomes = await batches.batch(batchCalls(chunk.map(lookupCall)))
    chunk.forEach((page, i) => {
      const outcome = outcomes[`c${i}`]!
      if (!outcome.ok) {
        if (outcome.error instanceof ValidationError) return
        throw outcome.error
      }
      const { command } = page
      const answer = command.find!.pick(outcome.result, ownedIds(ledger, command))
      if (!('hasNextPage' in answer)) record(ledger, command, answer.found)
      else if (answer.hasNextPage && page.start / listPageSize + 1 < maxLookupPages) {
        further.push({ command, start: page.start + listPageSize })
      }
    })
  }
  return further
}

/**
 * Looks up the entities of in-flight commands (sent, answer lost), page after page of each lookup until found,
 * and records those found as done; the rest stay pending and are sent again.
 */
async function reconcile(
  batches: BatchQueue,
  commands: PortalCommand[],
  ledger: WriteBackLedger,
  save: () => Promise<void>,
) {
  const inFlight = new Set(ledger.inFlight)
  const lost = commands.filter((c) => inFlight.has(c.key) && c.find && !(c.key in ledger.done))
  let pages: LookupPage[] = lost.map((command) => ({ command, start: 0 }))
  while (pages.length > 0) pages = await readLookupPages(batches, pages, ledger)
  const settled = new Set(lost.map((c) => c.key))
  ledger.inFlight = ledger.inFlight.filter((key) => !settled.has(key))
  if (settled.size > 0) await save()
}

/**
 * Sends the commands not yet in `ledger` in batches (through the portal's {@link BatchQueue}, or any REST pipe) and
 * records each outcome (saved through `save` around every
 * request). Commands that fail for a passing reason (limits, an unavailable portal, an answer without a reason
 * code or a result) stay pending; `at` is when their problems are recorded.
 * @throws the REST pipe's errors when a request fails, and the first passing error of a single command after
 * the others were recorded; Bitrix24 refusals with an error code are recorded, not thrown.
 */
export async function sendCommands(
  batches: BatchQueue,
  commands: PortalCommand[],
  ledger: WriteBackLedger,
  save: () => Promise<void>,
  at: string,
): Promise<void> {
  if (ledger.inFlight.length > 0) await reconcile(batches, commands, ledger, save)
  let passing: AppError | undefined
  for (const chunk of chunks(commands.filter((c) => !(c.key in ledger.done)))) {
    const creating = chunk.filter((c) => c.find).map((c) => c.key)
    if (creating.length > 0) {
      ledger.inFlight = [...ledger.inFlight, ...creating]
      await save()
    }
    const outcomes = await batches.batch(batchCalls(chunk))
    chunk.forEach((command, i) => {
      passing ??= settle(ledger, command, outcomes[`c${i}`]!, at)
    })
    const sent = new Set(creating)
    ledger.inFlight = ledger.inFlight.filter((key) => !sent.has(key))
    await save()
  }
  if (passing) throw passing
}

/**
 * The {@link WriteBack} facet over one portal's batch queue: the commands of every approval written back at the
 * same moment share `batch` requests (`batch-queue.ts`).
 */
export function createB24WriteBack(batches: BatchQueue): WriteBack {
  return {
    async perform(request, ledger, save) {
      const pending = writeBackCommands(request).filter((command) => !(command.key in ledger.done))
      if (pending.length > 0) await sendCommands(batches, pending, ledger, save, request.attemptedAt)
    },
  }
}
