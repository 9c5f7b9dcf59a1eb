/**
 * @module The full method table of the sandbox portal, one module per method family.
 */
import { batchMethod } from '../rest/batch.ts'
import type { MethodTable } from '../rest/registry.ts'
import { appMethods } from './app.ts'
import { bizprocMethods } from './bizproc.ts'
import { calendarMethods } from './calendar.ts'
import { dealMethods } from './crm-deal.ts'
import { contactMethods } from './crm-contact.ts'
import { duplicateMethods } from './crm-duplicate.ts'
import { leadMethods } from './crm-lead.ts'
import { crmMiscMethods } from './crm-misc.ts'
import { diskMethods } from './disk.ts'
import { eventMethods } from './events.ts'
import { imMethods } from './im.ts'
import { placementMethods } from './placement.ts'
import { sonetGroupMethods } from './sonet-group.ts'
import { taskCommentMethods } from './task-comments.ts'
import { taskMethods } from './tasks.ts'
import { userMethods } from './user.ts'

/** Every emulated REST method, by lower-case name. */
export function allMethods(): MethodTable {
  return {
    batch: batchMethod,
    ...appMethods,
    ...userMethods,
    ...eventMethods,
    ...placementMethods,
    ...taskMethods,
    ...taskCommentMethods,
    ...imMethods,
    ...dealMethods,
    ...leadMethods,
    ...contactMethods,
    ...duplicateMethods,
    ...crmMiscMethods,
    ...diskMethods,
    ...bizprocMethods,
    ...calendarMethods,
    ...sonetGroupMethods,
  }
}
