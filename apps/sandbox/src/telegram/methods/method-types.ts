/** @module The shape of a Bot API method implementation in the sandbox. */
import type { BotApiParams } from '../params.ts'
import type { SandboxState } from '../sandbox-state.ts'

/** A Bot API method: takes the parsed parameters and returns the `result`, or throws a `BotApiError`. */
export type BotApiMethod = (state: SandboxState, params: BotApiParams) => unknown

/** A result with the optional `description` Telegram adds to some successful answers ("Webhook was set"). */
export class DescribedResult {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}
