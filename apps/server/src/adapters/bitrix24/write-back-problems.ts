/**
 * @module How the write-back tells a command Bitrix24 carried out from one it did not, and records the latter in
 * the ledger's `problems`: a refusal with an error code is final; an empty error code or a `false` or missing
 * result (Bitrix24's legacy methods answer so for a missing deal or task) is a passing failure, sent again by the
 * outbox until {@link writeBackAttempts} are spent, then recorded as failed. Nothing that was not written is
 * recorded as done.
 */
import { UpstreamError, type AppError } from '../../ports/errors.ts'
import { writeBackAttempts, type WriteBackLedger, type WriteBackProblem } from '../../ports/portal-write-back.ts'
import { bitrix24ErrorCode } from './b24-rest.ts'
import type { PortalCommand } from './write-back-commands.ts'

/**
 * Why a command's answer does not show that it was carried out, or `null` when it does. A refusal with an empty
 * `error` code inside a `batch` reaches us as a row without a result (the SDK keeps no error for it, nor its
 * description), so "no result" covers it.
 */
export function unwrittenReason(command: PortalCommand, result: unknown, createdId: number | undefined): string | null {
  if (result === false) return `Bitrix24 answered false to ${command.method}`
  if (result === null || result === undefined || result === '')
    return `Bitrix24 gave neither a result nor an error code for ${command.method}`
  if (command.find && createdId === undefined) return `Bitrix24 answered ${command.method} without the id it creates`
  return null
}

/** The portal's error code of a refusal, `null` when it gave none (an empty `error`). */
export function refusalCode(error: AppError): string | null {
  const code = bitrix24ErrorCode(error) ?? error.code
  return code.trim() === '' ? null : code
}

/** The text of a refusal: Bitrix24's description where it gave one. */
export function refusalReason(error: AppError): string {
  const description = (error.details as { description?: unknown } | undefined)?.description
  return typeof description === 'string' && description.trim() !== '' ? description : error.message
}

function note(ledger: WriteBackLedger, command: PortalCommand, problem: Omit<WriteBackProblem, 'key' | 'kind'>) {
  const problems = (ledger.problems ??= {})
  problems[command.key] = { key: command.key, kind: command.kind, ...problem }
}

/** Records a refusal with an error code: final, never retried, and kept as a problem. */
export function recordRefused(ledger: WriteBackLedger, command: PortalCommand, error: AppError, at: string): void {
  const code = refusalCode(error) ?? error.code
  const reason = refusalReason(error)
  console.warn(`outbox: Bitrix24 refused ${command.method} (${code}: ${reason}); not retried`)
  ledger.done[command.key] = { refused: code }
  note(ledger, command, { state: 'refused', code, reason, attempts: 1, at })
}

/**
 * Records a command Bitrix24 did not carry out without a reason code. Returns the error to retry it with, or
 * `undefined` when its attempts are spent (then it is recorded as failed).
 */
export function recordUnwritten(
  ledger: WriteBackLedger,
  command: PortalCommand,
  failure: { code: string | null; reason: string },
  at: string,
): AppError | undefined {
  const attempts = (ledger.problems?.[command.key]?.attempts ?? 0) + 1
  const spent = attempts >= writeBackAttempts
  note(ledger, command, { state: spent ? 'failed' : 'retrying', ...failure, attempts, at })
  console.warn(`outbox: ${command.method} not written (attempt ${attempts}): ${failure.reason}`)
  if (spent) {
    ledger.done[command.key] = { failed: failure.reason }
    return undefined
  }
  const details = { method: command.method, error: failure.code ?? '', description: failure.reason }
  return new UpstreamError('BITRIX24_NOT_WRITTEN', `Bitrix24 did not carry out ${command.method}`, { details })
}
