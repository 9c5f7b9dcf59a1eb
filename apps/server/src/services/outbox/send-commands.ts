/**
 * @module Sends outbox commands to a portal: `batch` requests of up to 50 commands (architecture §8), each
 * result written to the ledger as soon as its batch answered. When Bitrix24 refuses a command (a deleted deal,
 * a closed workflow), the batch halts; its commands are then sent one by one so the refused one is recorded as
 * refused, logged, and never retried, while the others run. Network failures and limits are thrown to retry.
 * @see https://apidocs.bitrix24.com/api-reference/how-to-call-rest-api/batch.html
 */
import { ValidationError } from '../../ports/errors.ts'
import { bitrix24ErrorCode, type Portal } from '../../ports/portal.ts'
import type { OutboxLedger } from './outbox-ledger.ts'
import type { PortalCommand } from './portal-commands.ts'

/** Most commands in one `batch` request. */
export const maxBatchCommands = 50

function record(ledger: OutboxLedger, command: PortalCommand, result: unknown): void {
  ledger.done[command.key] = typeof result === 'object' && result !== null ? true : (result ?? true)
  if (command.place === undefined) return
  const id = Number((result as { task?: { id?: unknown } } | null)?.task?.id)
  if (Number.isInteger(id) && id > 0) ledger.tasks[command.place] = id
}

async function sendOneByOne(
  portal: Portal,
  commands: PortalCommand[],
  ledger: OutboxLedger,
  save: () => Promise<void>,
) {
  for (const command of commands) {
    try {
      record(ledger, command, await portal.call(command.method, command.params))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const code = bitrix24ErrorCode(error) ?? error.code
      console.warn(`outbox: Bitrix24 refused ${command.method} (${code}); not retried`)
      ledger.done[command.key] = { refused: code }
    }
    await save()
  }
}

/**
 * Sends `commands` in batches and records each result in `ledger` (saved through `save` after every request).
 * @throws the Portal port's errors except Bitrix24 refusals of single commands.
 */
export async function sendCommands(
  portal: Portal,
  commands: PortalCommand[],
  ledger: OutboxLedger,
  save: () => Promise<void>,
): Promise<void> {
  for (let start = 0; start < commands.length; start += maxBatchCommands) {
    const chunk = commands.slice(start, start + maxBatchCommands)
    const calls = Object.fromEntries(chunk.map((c, i) => [`c${i}`, [c.method, c.params] as [string, typeof c.params]]))
    let results: Record<string, unknown>
    try {
      results = await portal.batch(calls)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      await sendOneByOne(portal, chunk, ledger, save)
      continue
    }
    chunk.forEach((command, i) => record(ledger, command, results[`c${i}`]))
    await save()
  }
}
