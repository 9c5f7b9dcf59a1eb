/**
 * @module The app's own deal/lead picker outside the portal frame (issue 23): what the person types is searched
 * in Bitrix24 by `GET /api/app/subjects/:kind?q=` (read with their own token, so the portal's CRM rights apply),
 * debounced, with the latest answer winning over slower earlier ones, and a keyboard-driven active option.
 */
import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { watchDebounced } from '@vueuse/core'
import { readJson } from '../api/client.ts'
import type { CrmMatch } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** How long typing must pause before a search is sent. */
export const searchDelayMs = 300

/** The text worth searching: trimmed, at most 100 characters; null below 2 characters (an id may be 1 digit). */
export function searchableText(typed: string): string | null {
  const text = typed.trim().slice(0, 100)
  return text.length >= 2 || /^\d+$/.test(text) ? text : null
}

/** The index of the option after `current` when moving by `step` through `count` options (wrapping around). */
export function movedIndex(current: number, step: 1 | -1, count: number): number {
  if (count === 0) return -1
  if (current < 0) return step === 1 ? 0 : count - 1
  return (current + step + count) % count
}

/**
 * `kind`, `text` (bound to the inputs), the `matches` of the latest finished search, `state` (`hint` until there is
 * enough text, then `loading`, `found`, `empty` or `error`), `active` (the option the arrows moved to) and `move`.
 */
export function useCrmSearch(delayMs = searchDelayMs) {
  const portal = usePortalStore()
  const kind: Ref<CrmMatch['kind']> = ref('deal')
  const text = ref('')
  const matches = shallowRef<CrmMatch[]>([])
  const searched = ref<string | null>(null)
  const active = ref(-1)
  const { isLoading, error, guarded } = useRequestState()

  async function search() {
    const q = searchableText(text.value)
    const wanted = kind.value
    if (q === null) return
    await guarded(async (isCurrent) => {
      const request = portal.client().api.app.subjects[':kind'].$get({ param: { kind: wanted }, query: { q } })
      const { items } = await readJson(request)
      if (!isCurrent()) return
      matches.value = items
      searched.value = q
      active.value = items.length > 0 ? 0 : -1
    })
  }

  watch([kind, text], () => {
    // What is shown belongs to the old text; nothing stays selectable while the new one is pending.
    if (searchableText(text.value) === null) {
      matches.value = []
      searched.value = null
    }
    active.value = -1
  })
  watchDebounced([kind, text], () => void search(), { debounce: delayMs })

  const state = computed(() => {
    if (searchableText(text.value) === null) return 'hint'
    if (isLoading.value) return 'loading'
    if (error.value) return 'error'
    if (searched.value === null) return 'loading'
    return matches.value.length > 0 ? 'found' : 'empty'
  })

  /** Moves the active option by `step` (arrow keys). */
  function move(step: 1 | -1) {
    active.value = movedIndex(active.value, step, matches.value.length)
  }

  return { kind, text, matches, active, state, error, move, retry: search }
}
