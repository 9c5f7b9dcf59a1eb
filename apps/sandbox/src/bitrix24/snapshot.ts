/**
 * @module The JSON snapshot of the portal state kept across restarts (`npm start` under `DATA_DIR`).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { PortalState } from './state.ts'

/** Reads a snapshot; null when the file does not exist. Throws when it exists but is not a v1 snapshot. */
export function loadSnapshot(file: string): PortalState | null {
  if (!existsSync(file)) return null
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as PortalState
  if (parsed.version !== 1 || typeof parsed.memberId !== 'string') {
    throw new Error(`${file} is not a Bitrix24 sandbox snapshot (version 1)`)
  }
  return parsed
}

/** Writes a snapshot atomically (temp file + rename). */
export function saveSnapshot(file: string, state: PortalState): void {
  mkdirSync(dirname(file), { recursive: true })
  const temp = `${file}.tmp`
  writeFileSync(temp, JSON.stringify(state))
  renameSync(temp, file)
}

/** A debounced saver: many changes in one tick are written once. */
export function snapshotWriter(file: string, state: () => PortalState): { schedule: () => void; flush: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null
  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    saveSnapshot(file, state())
  }
  return {
    schedule() {
      if (!timer) timer = setTimeout(flush, 200)
    },
    flush,
  }
}
