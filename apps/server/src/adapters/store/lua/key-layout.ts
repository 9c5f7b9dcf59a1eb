/**
 * @module How Store keys map to Redis keys.
 *
 * Every Redis key is `<prefix><kind>:<store key>`, the prefix being configurable (default `tac:`):
 * - `d:` documents (hash `v` version, `d` JSON) and put-if-absent values (hash `t` JSON, with a TTL);
 * - `c:` counters (integer strings), `l:` leases (the holder, with a TTL), `i:` ordered indexes (sorted sets);
 * - `q:` a queue's schedule (sorted set: id by due time, or by lease end while claimed) and `j:` its items
 *   (hash: id → `attempts|claimToken|dueAt|payload`);
 * - `<prefix>queues`: the set of queue names, so a purge can reach items of one portal in a shared queue.
 *
 * The kind is one character, so one `SCAN MATCH <prefix>?:p:<member_id>:*` finds every key of a portal and
 * no other: a global key (`g:…`) that merely contains `:p:<member_id>:` further on cannot match.
 */

/** The kinds of Redis key the Lua Store writes. */
export type KeyKind = 'document' | 'counter' | 'lease' | 'index' | 'schedule' | 'items'

const kindTags: Record<KeyKind, string> = {
  document: 'd',
  counter: 'c',
  lease: 'l',
  index: 'i',
  schedule: 'q',
  items: 'j',
}

/** Maps store keys to Redis keys under one prefix. */
export interface KeyLayout {
  readonly prefix: string
  /** The Redis key of `storeKey` of the given kind. */
  key(kind: KeyKind, storeKey: string): string
  /** The Redis key of the set of queue names. */
  readonly queueRegistry: string
  /** `SCAN MATCH` pattern of every Redis key of the portal whose key prefix is `tenantPrefix` (`p:<member_id>:`). */
  portalKeysPattern(tenantPrefix: string): string
  /** `HSCAN MATCH` pattern of the queue item ids that start with `tenantPrefix`. */
  portalItemsPattern(tenantPrefix: string): string
}

/** The default key prefix. */
export const defaultKeyPrefix = 'tac:'

/**
 * Builds the key layout for `prefix`.
 * @throws Error when the prefix is empty or contains whitespace.
 */
export function createKeyLayout(prefix: string = defaultKeyPrefix): KeyLayout {
  if (prefix === '' || /\s/.test(prefix)) throw new Error('The store key prefix must be non-empty, without spaces')
  return {
    prefix,
    key: (kind, storeKey) => `${prefix}${kindTags[kind]}:${storeKey}`,
    queueRegistry: `${prefix}queues`,
    portalKeysPattern: (tenantPrefix) => `${escapeGlob(prefix)}?:${escapeGlob(tenantPrefix)}*`,
    portalItemsPattern: (tenantPrefix) => `${escapeGlob(tenantPrefix)}*`,
  }
}

/** Escapes the characters Redis glob patterns treat specially (`* ? [ ] \`). */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`)
}
