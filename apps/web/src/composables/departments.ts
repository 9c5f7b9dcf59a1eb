/**
 * @module The portal's departments for role pickers and filters (`GET /api/app/departments`), loaded once per page
 * load, and their tree order for a select.
 */
import { shallowRef } from 'vue'
import { readJson } from '../api/client.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** A department as pickers show it. */
export interface DepartmentItem {
  id: number
  /** The department above it; `null` for the top of the structure. */
  parentId: number | null
  name: string
}

/** A department as a filter's select offers it: in tree order, with its depth in the tree (0 = top). */
export interface DepartmentOption {
  value: number
  label: string
  depth: number
}

/** The option's name indented one em space per level, for a native `<select>`, which cannot pad its options. */
export function indentedLabel(option: DepartmentOption): string {
  return '\u2003'.repeat(option.depth) + option.label
}

/**
 * The departments in tree order, each below its parent and siblings sorted by name (as Bitrix24's own structure
 * page reads). A department whose parent is unknown starts a tree of its own; a cycle is cut where it closes.
 */
export function departmentOptions(departments: readonly DepartmentItem[], locale = 'ru'): DepartmentOption[] {
  const ids = new Set(departments.map((d) => d.id))
  const children = new Map<number | null, DepartmentItem[]>()
  for (const d of departments) {
    const parent = d.parentId !== null && ids.has(d.parentId) && d.parentId !== d.id ? d.parentId : null
    children.set(parent, [...(children.get(parent) ?? []), d])
  }
  const byName = (a: DepartmentItem, b: DepartmentItem) => a.name.localeCompare(b.name, locale) || a.id - b.id
  const options: DepartmentOption[] = []
  const seen = new Set<number>()
  const visit = (d: DepartmentItem, depth: number) => {
    if (seen.has(d.id)) return
    seen.add(d.id)
    options.push({ value: d.id, label: d.name, depth })
    for (const child of [...(children.get(d.id) ?? [])].sort(byName)) visit(child, depth + 1)
  }
  for (const root of [...(children.get(null) ?? [])].sort(byName)) visit(root, 0)
  // Departments only reachable through a cycle have no root: listed at the top level after the rest.
  for (const d of [...departments].sort(byName)) visit(d, 0)
  return options
}

const departments = shallowRef<DepartmentItem[]>([])
let pending: Promise<void> | null = null

/** The departments (loaded on first use; a failed load is tried again next time) with the load's state. */
export function useDepartments() {
  const { isLoading, error, guarded } = useRequestState()
  pending ??= guarded(async () => {
    departments.value = (await readJson(usePortalStore().client().api.app.departments.$get())).departments
  }).then((isLoaded) => {
    if (!isLoaded) pending = null
  })
  const nameOf = (id: number) => departments.value.find((d) => d.id === id)?.name ?? `#${id}`
  return { departments, isLoading, error, nameOf }
}
