/**
 * @module The full method table of the sandbox portal, one module per method family.
 */
import { batchMethod } from '../rest/batch.ts'
import type { MethodTable } from '../rest/registry.ts'
import { appMethods } from './app.ts'
import { userMethods } from './user.ts'

/** Every emulated REST method, by lower-case name. */
export function allMethods(): MethodTable {
  return { batch: batchMethod, ...appMethods, ...userMethods }
}
