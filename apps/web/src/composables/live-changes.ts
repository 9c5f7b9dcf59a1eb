/**
 * @module Live updates (issue 23): open pages follow the portal's approval change stamp (`GET /api/app/changes`)
 * with a conditional request every few seconds (`If-None-Match` → an empty 304 while nothing changed) and reload
 * their data when it moves — in the frame and standalone alike, and on Vercel, where a long-lived connection
 * (server-sent events) would hold a function per open tab. No storm with many tabs: a hidden tab does not ask,
 * and a tab that heard the stamp from another tab of this browser (`BroadcastChannel`) within the interval skips
 * its own request, so a browser asks about once per interval however many tabs it has.
 */
import { getCurrentScope, onScopeDispose } from 'vue'
import { usePortalStore } from '../stores/portal.ts'

/** What a stamp check answers: the new stamp, or null when nothing changed (304). */
export type StampAnswer = { stamp: number; etag: string } | null

/** What the follower runs on (injected so the logic is tested without a browser). */
export interface FollowerDeps {
  /** Asks for the stamp; `etag` is the last one seen. */
  fetchStamp(etag: string | null): Promise<StampAnswer>
  isHidden(): boolean
  now(): number
  /** Tells the other tabs; undefined where there is no BroadcastChannel. */
  broadcast?(stamp: number): void
  /** Called when the stamp moved after the first one was seen. */
  changed(): void
  pollMs: number
}

/** A stamp follower: `tick()` every `pollMs`, `heard()` for a stamp another tab broadcast. */
export function createChangeFollower(deps: FollowerDeps) {
  let stamp: number | null = null
  let etag: string | null = null
  let heardAt = -Infinity

  function take(next: number) {
    const moved = stamp !== null && next !== stamp
    stamp = next
    if (moved) deps.changed()
  }

  return {
    /** One round: asks unless the tab is hidden or another tab just told us. */
    async tick(): Promise<void> {
      if (deps.isHidden() || deps.now() - heardAt < deps.pollMs) return
      const answer = await deps.fetchStamp(etag)
      if (!answer) return
      etag = answer.etag
      deps.broadcast?.(answer.stamp)
      take(answer.stamp)
    },
    /** A stamp another tab received. */
    heard(next: number) {
      heardAt = deps.now()
      etag = `"${next}"`
      take(next)
    },
  }
}

const listeners = new Set<() => void>()
let stop: (() => void) | null = null
const defaultPollMs = 3_000

async function fetchStamp(etag: string | null): Promise<StampAnswer> {
  const route = usePortalStore().client().api.app.changes
  // The typed answer knows only the 200 body; a 304 is read from the plain Response.
  const answer = await route.$get(undefined, { headers: etag ? { 'If-None-Match': etag } : {} })
  const response = answer as unknown as Response
  if (response.status === 304) return null
  if (!response.ok) throw new Error(`The app answered ${response.status}`)
  const body = (await response.json()) as { stamp: number }
  return { stamp: body.stamp, etag: response.headers.get('etag') ?? `"${body.stamp}"` }
}

function startFollowing(): () => void {
  const memberId = usePortalStore().me?.portal.memberId ?? 'portal'
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`tac-changes:${memberId}`)
  const follower = createChangeFollower({
    fetchStamp,
    isHidden: () => document.visibilityState === 'hidden',
    now: () => Date.now(),
    broadcast: channel ? (stamp) => channel.postMessage(stamp) : undefined,
    changed: () => listeners.forEach((listener) => listener()),
    pollMs: defaultPollMs,
  })
  if (channel) channel.onmessage = (event: MessageEvent<number>) => follower.heard(event.data)
  const round = () =>
    follower.tick().catch((error: unknown) => {
      // A missed round is caught up by the next one; the page itself shows its own load errors.
      console.warn('Live updates: the change check failed', error)
    })
  const onVisible = () => document.visibilityState === 'visible' && void round()
  document.addEventListener('visibilitychange', onVisible)
  const timer = setInterval(() => void round(), defaultPollMs)
  void round()
  return () => {
    clearInterval(timer)
    document.removeEventListener('visibilitychange', onVisible)
    channel?.close()
  }
}

/**
 * Calls `reload` whenever an approval of the portal changes while the calling component lives. Outside a
 * component (or without an API client) it does nothing.
 */
export function onApprovalsChanged(reload: () => unknown): void {
  if (!getCurrentScope() || typeof document === 'undefined' || !usePortalStore().api) return
  const listener = () => void reload()
  listeners.add(listener)
  stop ??= startFollowing()
  onScopeDispose(() => {
    listeners.delete(listener)
    if (listeners.size > 0) return
    stop?.()
    stop = null
  })
}
