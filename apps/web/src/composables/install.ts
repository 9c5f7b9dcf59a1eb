/**
 * @module The install page's workflow: read what the server did (the `b24-install-result` JSON the install page
 * embeds), show it, then tell the portal the install is finished (`installFinish()`).
 */
import { ref } from 'vue'
import type { PortalFrame } from '../b24/frame.ts'
import { useRequestState } from './request-state.ts'

/** What the server reports about its part of the install (see `InstallResult` in `http/b24-pages.ts`). */
export interface InstallReport {
  installed: boolean
  domain: string
  addedEvents: string[]
  addedPlacements: string[]
}

/** Reads the install report the server embedded in the page; null when it is absent or malformed. */
export function readInstallReport(doc: Document): InstallReport | null {
  const text = doc.getElementById('b24-install-result')?.textContent
  if (!text) return null
  const value = JSON.parse(text) as Partial<InstallReport>
  if (typeof value.installed !== 'boolean') return null
  return {
    installed: value.installed,
    domain: String(value.domain ?? ''),
    addedEvents: Array.isArray(value.addedEvents) ? value.addedEvents.map(String) : [],
    addedPlacements: Array.isArray(value.addedPlacements) ? value.addedPlacements.map(String) : [],
  }
}

/** The install page state: `report`, then `isFinished` once `installFinish()` was sent, or `error`. */
export function useInstall(frame: Pick<PortalFrame, 'installFinish'> | null, doc: Document = document) {
  const report = ref<InstallReport | null>(readInstallReport(doc))
  const { isLoading, error, guarded } = useRequestState()
  const isFinished = ref(false)

  /** Sends `installFinish()`; the portal then reloads the app page (no answer comes back). */
  async function finish() {
    if (!frame || !report.value?.installed) return
    await guarded(async () => {
      await frame.installFinish()
      isFinished.value = true
    })
  }

  return { report, isLoading, isFinished, error, finish }
}
