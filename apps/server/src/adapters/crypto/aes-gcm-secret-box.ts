/** @module AesGcmSecretBox: the SecretBox port with AES-256-GCM and a key derived from APP_SECRET by HKDF. */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { IntegrityError, ValidationError } from '../../ports/errors.ts'
import type { SecretBox } from '../../ports/secret-box.ts'

/** The format version; it is also authenticated (AAD), so a value cannot be relabelled as another version. */
const version = 'v1'
// Fixed salt and info: the key must come out the same on every start and every instance sharing APP_SECRET.
const hkdfSalt = 'telegram-approval-cloud/secret-box'
const hkdfInfo = 'v1 aes-256-gcm key'
const ivBytes = 12
const tagBytes = 16
const base64url = /^[A-Za-z0-9_-]+$/

const unreadable = (cause?: unknown) =>
  new IntegrityError(
    'SECRET_UNREADABLE',
    'A stored secret cannot be opened: it was altered or sealed with another APP_SECRET',
    cause === undefined ? {} : { cause },
  )

/**
 * Creates the SecretBox for `appSecret`. `seal` gives `v1.<base64url(iv ‖ ciphertext ‖ tag)>` with a random
 * 96-bit IV per value; the 256-bit key is HKDF-SHA256 of `appSecret` with a fixed salt and info, so every process
 * with the same APP_SECRET opens what another sealed.
 * @throws ValidationError when `appSecret` is shorter than 32 characters (config already refuses that).
 */
export function createAesGcmSecretBox(appSecret: string): SecretBox {
  if (appSecret.length < 32) {
    throw new ValidationError('APP_SECRET_TOO_SHORT', 'APP_SECRET must be at least 32 characters long')
  }
  const key = Buffer.from(hkdfSync('sha256', appSecret, hkdfSalt, hkdfInfo, 32))
  const aad = Buffer.from(version)

  return {
    seal(plaintext) {
      const iv = randomBytes(ivBytes)
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes }).setAAD(aad)
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return `${version}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`
    },
    open(sealed) {
      const [prefix, encoded, ...rest] = sealed.split('.')
      if (prefix !== version || encoded === undefined || rest.length > 0 || !base64url.test(encoded)) {
        throw unreadable()
      }
      const bytes = Buffer.from(encoded, 'base64url')
      if (bytes.length < ivBytes + tagBytes) throw unreadable()
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes), { authTagLength: tagBytes })
      decipher.setAAD(aad).setAuthTag(bytes.subarray(bytes.length - tagBytes))
      try {
        const body = bytes.subarray(ivBytes, bytes.length - tagBytes)
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
      } catch (error) {
        throw unreadable(error)
      }
    },
  }
}
