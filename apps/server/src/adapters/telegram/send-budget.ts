/**
 * @module The bot's overall send budget (architecture §8: about 30 messages per second overall): a
 * {@link RateBudget} held by one process or shared by every instance through the Store under the bot's id, so
 * several server instances (Vercel) together stay within it instead of relying on Telegram's 429s. A 429's
 * `retry_after` pauses the budget for every instance.
 * @see https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
 */
import { globalKey } from '../../ports/store.ts'
import {
  createLocalRateBudget,
  createStoreRateBudget,
  type RateBudget,
  type StoreRateBudgetOptions,
} from '../rate-budget.ts'

/** Global send slots of one bot. */
export type SendBudget = RateBudget

/** A send budget for one process: slots spaced `1000 / perSecond` ms apart. */
export const createLocalSendBudget = createLocalRateBudget

/** Options of {@link createStoreSendBudget}. */
export interface StoreSendBudgetOptions extends Omit<StoreRateBudgetOptions, 'keyOf'> {
  /** Whose budget: the bot id (the token's part before `:`, never the secret), so two bots do not share one. */
  botId: string
}

/** The bot's send budget shared through the Store by every instance with the same store and bot id. */
export function createStoreSendBudget(options: StoreSendBudgetOptions): SendBudget {
  return createStoreRateBudget({ ...options, keyOf: (part) => globalKey('tg-pace', options.botId, part) })
}
