/**
 * @module Every `error.code` an answer of the server can carry (`{ error: { code, message, details } }`): the
 * domain's refusals, the `AppError`s of services and adapters, and the fallbacks of `http/errors.ts`. The SPA has
 * a Russian and an English text for each (`errors.<CODE>`), so a user never reads the server's English message;
 * `error-codes.test.ts` fails when a code is thrown somewhere but missing here.
 */

/** The domain's refusal codes (`RefusalCode`), answered with 400, 403 or 409. */
const refusalCodes = [
  'INVALID_INPUT',
  'ALREADY_DECIDED',
  'ALREADY_ANSWERED',
  'NOT_AN_APPROVER',
  'NOT_YOUR_TURN',
  'COMMENT_REQUIRED',
  'COMMENT_NOT_ALLOWED',
  'COMMENT_TOO_LONG',
  'REASON_REQUIRED',
  'NOT_ALLOWED',
  'ALREADY_AN_APPROVER',
  'SELF_APPROVAL',
  'ROUND_CHANGED',
  'REMINDED_RECENTLY',
  'NOT_RETURNED',
  'AWAITING_RESUBMIT',
  'SEND_BACK_DISABLED',
  'NOT_DUE',
  'NO_HANDOVER_TARGET',
  'ALREADY_RECORDED',
] as const

/** Codes of the app's own checks: input, sign-in, permissions, lookups and idempotency. */
const appCodes = [
  'VALIDATION_FAILED',
  'MALFORMED_BODY',
  'JSON_TOO_DEEP',
  'PAYLOAD_TOO_LARGE',
  'EXPORT_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INVALID_CURSOR',
  'UNKNOWN_APPROVERS',
  'UNKNOWN_USERS',
  'ACCESS_SETTINGS_CHANGED',
  'MISSING_CREDENTIALS',
  'TOKEN_OF_ANOTHER_APP',
  'PORTAL_MISMATCH',
  'PORTAL_NOT_INSTALLED',
  'PORTAL_NOT_CONNECTED',
  'PORTAL_NEEDS_REAUTHORIZATION',
  'APP_MODE_REQUIRED',
  'OAUTH_SERVER_NOT_TRUSTED',
  'EVENT_NOT_AUTHENTIC',
  'CRON_SECRET_MISMATCH',
  'TELEGRAM_SECRET_MISMATCH',
  'VERIFICATION_THROTTLED',
  'ADMIN_REQUIRED',
  'SUBJECT_ACCESS_DENIED',
  'SUBJECT_NOT_FOUND',
  'DISK_NOT_FOUND',
  'DISK_ACCESS_DENIED',
  'APPROVAL_NOT_FOUND',
  'TEMPLATE_NOT_FOUND',
  'ABSENCE_NOT_FOUND',
  'RULE_NOT_FOUND',
  'RULE_LIMIT_REACHED',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENT_REQUEST_IN_PROGRESS',
  'CONCURRENT_UPDATE',
  // Sign in with Bitrix24 outside the portal (issue 23).
  'SESSION_EXPIRED',
  'SESSION_ENDED',
  'SIGN_IN_STATE_INVALID',
  'SIGN_IN_CODE_REJECTED',
  'CSRF_CHECK_FAILED',
] as const

/** Codes of the services the app depends on: Bitrix24, Telegram and the store. */
const upstreamCodes = [
  'BITRIX24_ACCESS_DENIED',
  'BITRIX24_AUTH_FAILED',
  'BITRIX24_ERROR',
  'BITRIX24_NOT_CONFIGURED',
  'BITRIX24_NOT_WRITTEN',
  'BITRIX24_OAUTH_ANSWER_INVALID',
  'BITRIX24_OAUTH_FAILED',
  'BITRIX24_OAUTH_UNREACHABLE',
  'BITRIX24_PROFILE_EMPTY',
  'BITRIX24_RATE_LIMITED',
  'BITRIX24_TOKEN_REJECTED',
  'BITRIX24_UNAVAILABLE',
  'TOKEN_REFRESH_TIMEOUT',
  'TELEGRAM_NOT_CONFIGURED',
  'TELEGRAM_BOT_BLOCKED',
  'TELEGRAM_FAILED',
  'TELEGRAM_RATE_LIMITED',
  'TELEGRAM_REFUSED',
  'TELEGRAM_UNREACHABLE',
  'STORE_CORRUPT',
  'STORE_UNAVAILABLE',
  'STORE_UNREACHABLE',
  'STORE_VALUE_NOT_JSON',
  'UNSERIALIZABLE_VALUE',
  'OUTBOX_LEASE_LOST',
  'SECRET_UNREADABLE',
  'APP_SECRET_TOO_SHORT',
  'INVALID_CLAIM_LIMIT',
  'INVALID_DURATION',
  'INVALID_INCREMENT',
  'INVALID_KV_CONFIG',
  'INVALID_PAGE_LIMIT',
  'TOO_MANY_KEYS',
  'INVALID_PAGE_SIZE',
  'INVALID_REDIS_URL',
  'INVALID_SCORE',
] as const

/** Codes of the website lead intake (`/api/leads/*`) and the Websites page. */
const leadCodes = [
  'SITE_NOT_FOUND',
  'TOO_MANY_SITES',
  'ORIGIN_NOT_ALLOWED',
  'ALREADY_RECEIVED',
  'TOO_MANY_SUBMISSIONS',
  'TOO_MANY_FILES',
  'FILE_TOO_LARGE',
  'FILE_TYPE_NOT_ALLOWED',
  'BAD_CHUNK',
  'UPLOAD_INCOMPLETE',
  'UPLOAD_MISMATCH',
  'LEAD_NOT_FOUND',
  'LEAD_CHANGED',
] as const

/** The codes `http/errors.ts` answers with when no `AppError` names one (Hono's own errors, unknown routes). */
const fallbackCodes = [
  'MALFORMED_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'RATE_LIMITED',
  'BAD_REQUEST',
  'INTERNAL',
] as const

/** Every error code the server sends, each once. */
export const apiErrorCodes = [...refusalCodes, ...appCodes, ...upstreamCodes, ...leadCodes, ...fallbackCodes] as const

/** One error code the server sends. */
export type ApiErrorCode = (typeof apiErrorCodes)[number]
