/**
 * @module What a website form sends (issue 20): name, phone, e-mail, message, the consent flag and UTM parameters,
 * plus the anti-bot fields (a honeypot and the moment the form was shown). The phone becomes E.164 with
 * `libphonenumber-js` (default region RU); an invalid phone or e-mail is a 400 that names the field.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { z } from 'zod'
import { HONEYPOT_FIELD, MIN_FILL_MS, STARTED_AT_FIELD, utmKeys } from './lead-form-fields.ts'

/** A phone number in E.164 (`+79161234567`), or undefined when it is not a valid number for `region`. */
export function toE164(phone: string, region: 'RU' = 'RU'): string | undefined {
  const parsed = parsePhoneNumberFromString(phone, region)
  return parsed?.isValid() ? parsed.number : undefined
}

const text = (max: number) => z.string().trim().max(max)
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined)

/** The form fields, as strings (JSON values or multipart fields); unknown fields are ignored. */
export const submissionSchema = z
  .object({
    name: text(200).min(1),
    phone: optionalText(40).refine((v) => v === undefined || toE164(v) !== undefined, 'Not a valid phone number'),
    email: optionalText(254).pipe(z.email('Not a valid e-mail address').optional()),
    message: optionalText(5_000),
    consent: z
      .union([z.boolean(), z.enum(['true', 'on', 'yes', '1', 'false', 'off', 'no', '0', ''])])
      .transform((v) => v === true || v === 'true' || v === 'on' || v === 'yes' || v === '1')
      .refine((v) => v, 'The consent to the processing of personal data is required'),
    ...Object.fromEntries(utmKeys.map((key) => [key, optionalText(200)])),
  })
  .refine((v) => v.phone !== undefined || v.email !== undefined, {
    message: 'A phone or an e-mail is required',
    path: ['phone'],
  })

/** A valid submission: the phone in E.164, blanks dropped. */
export interface LeadSubmission {
  name: string
  phone?: string
  email?: string
  message?: string
  utm: Partial<Record<(typeof utmKeys)[number], string>>
}

/** Validated form fields → the submission kept (phone in E.164). @throws ZodError naming the field. */
export function parseSubmission(fields: Record<string, unknown>): LeadSubmission {
  const parsed = submissionSchema.parse(fields) as z.output<typeof submissionSchema> & Record<string, string>
  const utm = Object.fromEntries(utmKeys.flatMap((key) => (parsed[key] ? [[key, parsed[key]]] : [])))
  return {
    name: parsed.name,
    ...(parsed.phone ? { phone: toE164(parsed.phone)! } : {}),
    ...(parsed.email ? { email: parsed.email } : {}),
    ...(parsed.message ? { message: parsed.message } : {}),
    utm,
  }
}

/**
 * Whether the anti-bot fields say a bot sent the form: the honeypot is filled, or the form was sent less than
 * {@link MIN_FILL_MS} after it was shown (or without saying when). Such a submission is answered 202 and dropped.
 */
export function looksLikeBot(fields: Record<string, unknown>, now: number): boolean {
  const honeypot = fields[HONEYPOT_FIELD]
  if (typeof honeypot === 'string' ? honeypot.trim() !== '' : honeypot !== undefined && honeypot !== null) return true
  const startedAt = Number(fields[STARTED_AT_FIELD])
  return !Number.isFinite(startedAt) || now - startedAt < MIN_FILL_MS
}
