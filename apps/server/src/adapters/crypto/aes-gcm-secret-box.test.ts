import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { IntegrityError, ValidationError } from '../../ports/errors.ts'
import { tenantKey } from '../../ports/store.ts'
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts'
import { createAesGcmSecretBox } from './aes-gcm-secret-box.ts'

const appSecret = 'k3J9vQ2xW8mZ5tR1yU7pL4nB6cD0fG2hS9aE3wQ8'
const accessToken = 'b1c3f0650000071b00717f0c000000010000071a8f3c2e55d1b7e0a4c9f6d2b8e1a3c5d7'
const box = createAesGcmSecretBox(appSecret)

/** The sealed bytes with one bit flipped at `index` (counted from the start of iv ‖ ciphertext ‖ tag). */
function flipBit(sealed: string, index: number): string {
  const bytes = Buffer.from(sealed.slice('v1.'.length), 'base64url')
  bytes[index]! ^= 0x01
  return `v1.${bytes.toString('base64url')}`
}

describe('createAesGcmSecretBox', () => {
  it('round-trips secrets, including empty and non-ASCII ones', () => {
    for (const plaintext of [accessToken, '', 'пароль 🔑 "quoted"\n']) {
      expect(box.open(box.seal(plaintext))).toBe(plaintext)
    }
  })

  it('seals to a versioned base64url string that hides the plaintext and differs every time', () => {
    const first = box.seal(accessToken)
    const second = box.seal(accessToken)
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
    expect(first).not.toBe(second)
    expect(first).not.toContain(accessToken)
    expect(Buffer.from(first.slice(3), 'base64url').toString('latin1')).not.toContain(accessToken)
  })

  it('opens with a new box made from the same APP_SECRET (another process, a restart)', () => {
    expect(createAesGcmSecretBox(appSecret).open(box.seal(accessToken))).toBe(accessToken)
  })

  it('detects tampering with the IV, the ciphertext or the tag', () => {
    const sealed = box.seal(accessToken)
    const length = Buffer.from(sealed.slice(3), 'base64url').length
    for (const index of [0, 11, 12, 30, length - 16, length - 1]) {
      expect(() => box.open(flipBit(sealed, index))).toThrow(IntegrityError)
    }
  })

  it('refuses malformed values: wrong version, truncated, extra parts, not base64url, empty', () => {
    const sealed = box.seal(accessToken)
    const malformed = ['v2' + sealed.slice(2), sealed.slice(0, 20), `${sealed}.x`, 'v1.***', 'v1.', '', accessToken]
    for (const value of malformed) {
      expect(() => box.open(value)).toThrow(IntegrityError)
    }
  })

  it('refuses a value sealed with another APP_SECRET, with a message that carries no secret', () => {
    const other = createAesGcmSecretBox('another-app-secret-of-at-least-32-chars')
    const sealed = other.seal(accessToken)
    let thrown: unknown
    try {
      box.open(sealed)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(IntegrityError)
    expect((thrown as IntegrityError).code).toBe('SECRET_UNREADABLE')
    expect(
      JSON.stringify({ message: (thrown as Error).message, details: (thrown as IntegrityError).details }),
    ).not.toMatch(new RegExp(`${accessToken}|${sealed.slice(3, 20)}|${appSecret}`))
  })

  it('refuses an APP_SECRET shorter than 32 characters', () => {
    expect(() => createAesGcmSecretBox('short')).toThrow(ValidationError)
  })
})

describe('a sealed secret in the SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-box-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** Every byte SQLite wrote for `file`: the database and, when present, its write-ahead log. */
  const rawBytes = (file: string) =>
    Buffer.concat([file, `${file}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path)))

  it('does not appear in plaintext in the database file, while the sealed value round-trips', async () => {
    const file = join(dir, 'store.sqlite')
    const key = tenantKey('b24-portal', 'oauth')
    const unsealedMarker = 'plain-marker-7f3a9c'
    const store = openSqliteStore({ file })
    await store.put(key, { accessToken: box.seal(accessToken), note: unsealedMarker })
    const walBytesWhileOpen = rawBytes(file)
    await store.close()
    for (const bytes of [walBytesWhileOpen, rawBytes(file)]) {
      // The marker proves the scan sees what was written; the token, sealed, must not be there.
      expect(bytes.includes(unsealedMarker)).toBe(true)
      expect(bytes.includes(accessToken)).toBe(false)
    }
    const reopened = openSqliteStore({ file })
    const stored = await reopened.get<{ accessToken: string }>(key)
    expect(box.open(stored!.value.accessToken)).toBe(accessToken)
    await reopened.close()
  })
})
