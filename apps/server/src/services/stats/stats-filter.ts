/** @module The filters of the statistics call and the test whether an approval's dimensions pass them. */
import type { StatsDims } from './stats-days.ts'

/** What the statistics are filtered by; absent = any. */
export interface StatsFilter {
  templateId?: string
  initiatorId?: number
  approverId?: number
  departmentId?: number
  subjectKind?: 'deal' | 'lead' | 'task'
  pipelineId?: number
  /** Only approvals started by one of these users (the reader's scope); absent = anyone. */
  initiatorIds?: ReadonlySet<number>
}

/** Whether an approval counted under `dims` passes `filter` (the approver filter is the caller's). */
export function matches(dims: StatsDims, filter: StatsFilter): boolean {
  if (filter.templateId !== undefined && dims.templateId !== filter.templateId) return false
  if (filter.initiatorId !== undefined && dims.initiatorId !== filter.initiatorId) return false
  if (filter.initiatorIds !== undefined && !filter.initiatorIds.has(dims.initiatorId)) return false
  if (filter.departmentId !== undefined && dims.departmentId !== filter.departmentId) return false
  if (filter.subjectKind !== undefined && dims.subjectKind !== filter.subjectKind) return false
  return filter.pipelineId === undefined || dims.pipelineId === filter.pipelineId
}
