/**
 * @module Fault injection: the next N calls of a method fail with a chosen status and code, answer a chosen
 * `result` or refusal without running (inside a `batch` too), or wait before running. `*` matches every method. Random faults hit a share of all requests, before or after the
 * method runs.
 */
import type { Portal, RandomFaultKind } from '../portal.ts'
import { RestError } from './rest-error.ts'

function matches(rule: { method: string }, method: string): boolean {
  return rule.method === '*' || rule.method === method
}

/** Consumes an armed fault for this method, if any, and returns it as the error to answer. */
export function takeFault(portal: Portal, method: string): RestError | null {
  const rule = portal.knobs.faults.find((f) => f.times > 0 && matches(f, method))
  if (!rule) return null
  rule.times -= 1
  portal.knobs.faults = portal.knobs.faults.filter((f) => f.times > 0)
  return new RestError(rule.status, rule.code, rule.description)
}

/**
 * Consumes an armed answer for this method, if any, and returns it in place of running the method.
 * @throws the armed refusal as a `RestError`.
 */
export function takeAnswer(portal: Portal, method: string): { result: unknown } | null {
  const rule = portal.knobs.answers.find((a) => a.times > 0 && matches(a, method))
  if (!rule) return null
  rule.times -= 1
  portal.knobs.answers = portal.knobs.answers.filter((a) => a.times > 0)
  if (rule.error) throw new RestError(rule.error.status, rule.error.code, rule.error.description)
  return { result: rule.result }
}

/** Consumes an armed delay for this method and waits it out. */
export async function applyDelay(portal: Portal, method: string): Promise<void> {
  const rule = portal.knobs.delays.find((d) => d.times > 0 && matches(d, method))
  if (!rule) return
  rule.times -= 1
  portal.knobs.delays = portal.knobs.delays.filter((d) => d.times > 0)
  await new Promise((resolve) => setTimeout(resolve, rule.ms))
}

/** A small seeded generator (mulberry32), so a run with random faults can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The faults `failRandomly` picks from when no kinds are given: before running, after running, and a lost answer. */
export const defaultRandomFaultKinds: RandomFaultKind[] = [
  { when: 'before', status: 503, code: 'QUERY_LIMIT_EXCEEDED' },
  { when: 'before', status: 500, code: 'INTERNAL_SERVER_ERROR' },
  { when: 'after', status: 504, code: 'GATEWAY_TIMEOUT' },
  { when: 'after', status: 0, code: 'CONNECTION_RESET' },
]

/**
 * Draws whether a request to `method` fails at random, and how; one draw per HTTP request (never per batch
 * command), none for a spared method.
 */
export function drawRandomFault(portal: Portal, method: string): RandomFaultKind | null {
  const faults = portal.knobs.randomFaults
  if (!faults || faults.kinds.length === 0 || faults.spared.includes(method.toLowerCase())) return null
  if (faults.next() >= faults.rate) return null
  return faults.kinds[Math.floor(faults.next() * faults.kinds.length)] ?? null
}
