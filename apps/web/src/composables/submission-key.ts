/**
 * @module `Idempotency-Key`s for submissions: one key per thing submitted, kept while it is sent again (a double
 * click, a retry after an error or a lost answer), so the server makes it once; a new key once it went through
 * or once the user changed what is sent.
 */

/** Hands out the key for each submission of one form. */
export interface SubmissionKeys {
  /** The key for sending `body` (the serialized request): the last one while `body` is unchanged. */
  keyFor(body: string): string
  /** The submission went through: the next one gets a new key. */
  succeeded(): void
}

/** Creates the keys of one form; `newKey` defaults to a random UUID. */
export function createSubmissionKeys(newKey: () => string = () => crypto.randomUUID()): SubmissionKeys {
  let current: { key: string; body: string } | null = null
  return {
    keyFor(body) {
      if (current?.body !== body) current = { key: newKey(), body }
      return current.key
    },
    succeeded() {
      current = null
    },
  }
}
