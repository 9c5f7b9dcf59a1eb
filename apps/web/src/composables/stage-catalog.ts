/**
 * @module What the stage editor's pickers offer (issue 21): the workgroups a role may name (`GET /api/app/groups`,
 * as the user sees them in Bitrix24) and the deal pipelines and sources a condition may test
 * (`GET /api/app/crm-catalog`), each loaded once per page load; plus the pure edits of a stage condition.
 */
import { shallowRef, type ShallowRef } from 'vue'
import { readJson } from '../api/client.ts'
import type { CrmCatalogDto, WorkgroupDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import type { StageCondition } from './approval-draft.ts'
import { useRequestState } from './request-state.ts'

/** One list shared by every caller: fetched on first use, fetched again next time when that failed. */
function sharedList<T>(fetch: () => Promise<T>, initial: T) {
  const value: ShallowRef<T> = shallowRef(initial)
  let pending: Promise<void> | null = null
  return () => {
    const { isLoading, error, guarded } = useRequestState()
    pending ??= guarded(async () => void (value.value = await fetch())).then((isLoaded) => {
      if (!isLoaded) pending = null
    })
    return { value, isLoading, error }
  }
}

const client = () => usePortalStore().client().api.app
const groups = sharedList<WorkgroupDto[]>(async () => (await readJson(client().groups.$get())).groups, [])
const catalog = sharedList<CrmCatalogDto | null>(
  async () => (await readJson(client()['crm-catalog'].$get())).catalog,
  null,
)

/** The workgroups and projects the user may pick, with a name lookup (`#id` for one they cannot see). */
export function useWorkgroups() {
  const { value, isLoading, error } = groups()
  const nameOf = (id: number) => value.value.find((g) => g.id === id)?.name ?? `#${id}`
  return { groups: value, isLoading, error, nameOf }
}

/** The portal's deal pipelines and sources, for conditions. */
export function useConditionCatalog() {
  const { value, isLoading, error } = catalog()
  return { catalog: value, isLoading, error }
}

/** The tests a condition may hold. */
export type ConditionTest = keyof StageCondition

/**
 * `condition` with `test` set to `value` (`null` drops it); a condition left with no test becomes `null`, so the
 * stage always applies.
 */
export function withTest<K extends ConditionTest>(
  condition: StageCondition | null,
  test: K,
  value: StageCondition[K],
): StageCondition | null {
  const next = { ...(condition ?? { minAmount: null, pipelineIds: null, sourceIds: null }), [test]: value }
  return next.minAmount === null && next.pipelineIds === null && next.sourceIds === null ? null : next
}
