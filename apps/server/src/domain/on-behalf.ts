/**
 * @module On whose behalf a place is held (issue 21): a deputy standing in for an absent approver, or a place
 * handed over by reassignment, escalation or because its approver left. The one source of the words "on behalf
 * of …" that the Telegram card and the approver's Bitrix24 task both show, in Russian and English.
 */
import type { Seat, UserId } from './approval.ts'

/** Why a place is held for someone else. */
export type BehalfReason = 'deputy' | 'reassignment' | 'escalation' | 'leaver'

/** Why a place was handed over (set on the seat by the handover). */
export type HandoverReason = Exclude<BehalfReason, 'deputy'>

/** The person a place is held for, and why. */
export interface Behalf {
  userId: UserId
  reason: BehalfReason
}

/**
 * On whose behalf `seat`'s holder decides: the place's original approver when it was handed over (whatever the
 * chain), the absent person when a deputy holds it; `null` when the holder decides for themself.
 */
export function behalfOf(seat: Seat): Behalf | null {
  if (seat.handedOver && seat.userId !== seat.originalUserId) {
    return { userId: seat.originalUserId, reason: seat.handedOver }
  }
  if (seat.onBehalfOf) return { userId: seat.onBehalfOf, reason: 'deputy' }
  return null
}

const phrases: Record<'ru' | 'en', { lead: string; reason: Record<BehalfReason, string> }> = {
  ru: {
    lead: 'за сотрудника:',
    reason: {
      deputy: 'заместитель',
      reassignment: 'передано',
      escalation: 'эскалация по сроку',
      leaver: 'сотрудник уволен',
    },
  },
  en: {
    lead: 'on behalf of',
    reason: {
      deputy: 'deputy',
      reassignment: 'reassigned',
      escalation: 'escalated after the deadline',
      leaver: 'left the company',
    },
  },
}

/**
 * "on behalf of Ivan Petrov (deputy)" / "за сотрудника: Иван Петров (заместитель)": the name stays in the
 * nominative (the label form), so no Russian declension of people's names is needed.
 */
export function behalfPhrase(reason: BehalfReason, name: string, language: 'ru' | 'en'): string {
  const words = phrases[language]
  return `${words.lead} ${name} (${words.reason[reason]})`
}
