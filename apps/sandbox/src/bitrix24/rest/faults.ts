/**
 * @module Fault injection: the next N calls of a method fail with a chosen status and code, or wait
 * before running. `*` matches every method.
 */
import type { Portal } from '../portal.ts'
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

/** Consumes an armed delay for this method and waits it out. */
export async function applyDelay(portal: Portal, method: string): Promise<void> {
  const rule = portal.knobs.delays.find((d) => d.times > 0 && matches(d, method))
  if (!rule) return
  rule.times -= 1
  portal.knobs.delays = portal.knobs.delays.filter((d) => d.times > 0)
  await new Promise((resolve) => setTimeout(resolve, rule.ms))
}
