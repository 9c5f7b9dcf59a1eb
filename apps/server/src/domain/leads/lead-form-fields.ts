/**
 * @module The names the form and the intake share (issue 20), with no dependencies, so the SPA's snippet does not
 * pull the phone library in: the anti-bot fields, the minimum fill time, the UTM parameters.
 */

/** The honeypot field: hidden from people, filled by bots. */
export const HONEYPOT_FIELD = 'website'
/** The field carrying when the form was shown (milliseconds since the epoch, set by the snippet). */
export const STARTED_AT_FIELD = 'form_started_at'
/** A form sent sooner than this after it was shown is a bot's. */
export const MIN_FILL_MS = 3_000
/** The UTM parameters a lead keeps. */
export const utmKeys = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const
