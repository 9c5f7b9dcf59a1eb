/** @module The default simulated Telegram users: the twelve sandbox people, matching the sandbox portal by name. */
import { seedPeople } from '../seed-people.ts'
import type { TgUser } from './wire-types.ts'

/** The seed people as Telegram users (id, names, username, `language_code`). */
export const seedTelegramUsers = (): TgUser[] =>
  seedPeople.map((person) => ({
    id: person.telegramId,
    is_bot: false,
    first_name: person.firstName,
    last_name: person.lastName,
    username: person.telegramUsername,
    language_code: person.languageCode,
  }))
