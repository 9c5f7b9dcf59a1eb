/** @module Picks the locale file of a language. */
import type { BotLanguage } from '../../../ports/telegram-bot.ts'
import type { BotTexts } from './bot-texts.ts'
import { en } from './en.ts'
import { ru } from './ru.ts'

/** The texts of `language`. */
export function textsOf(language: BotLanguage): BotTexts {
  return language === 'ru' ? ru : en
}
