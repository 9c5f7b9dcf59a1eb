/**
 * @module The SecretBox port: encryption of secrets at rest (OAuth access and refresh tokens, bot tokens) with a
 * key derived from `APP_SECRET` (architecture §6 and §7).
 */

/**
 * Seals secrets before they go into the Store and opens them after reading, so a copy of the database file or a
 * Redis dump holds no usable token.
 */
export interface SecretBox {
  /**
   * Encrypts and authenticates `plaintext`. The result is printable ASCII with a version prefix (`v1.…`) and
   * differs on every call, even for the same plaintext.
   */
  seal(plaintext: string): string
  /**
   * Returns the plaintext of a value made by {@link SecretBox.seal} with the same `APP_SECRET`.
   * @throws IntegrityError (code `SECRET_UNREADABLE`) when the value was altered, truncated, has an unknown
   * version or was sealed with another key. The message never contains the value.
   */
  open(sealed: string): string
}
