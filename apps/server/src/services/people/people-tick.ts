/** @module The people part of the cron tick: Telegram pings released after quiet hours, then daily digests. */
import type { OutboxDeps } from '../outbox/run-outbox.ts'
import { runDueDigests, type DigestPass } from './daily-digest.ts'
import { runDueQuietPings, type QuietPingPass } from './quiet-pings.ts'

/** What one people pass did. */
export interface PeoplePass {
  quietPings: QuietPingPass
  digests: DigestPass
}

/** Runs up to `limit` released pings and up to `limit` due digests. */
export async function runPeopleTick(deps: OutboxDeps, limit: number): Promise<PeoplePass> {
  const quietPings = await runDueQuietPings(deps, limit)
  const digests = await runDueDigests(deps, limit)
  return { quietPings, digests }
}
