/**
 * @module Wires the approval services of one process: the one people cache, the outbox worker (with the
 * messenger, when a bot is configured) and the deps every approval action takes.
 */
import type { Clock } from '../ports/clock.ts'
import { AuthError } from '../ports/errors.ts'
import type { Messenger } from '../ports/messenger.ts'
import type { Store } from '../ports/store.ts'
import type { ActionDeps } from '../services/approvals/act-on-approval.ts'
import type { LinkConfig } from '../services/approvals/approval-links.ts'
import { createPortalPeople } from '../services/approvals/portal-users.ts'
import { createStageDirectory } from '../services/approvals/stage-directory.ts'
import { createOutboxWorker } from '../services/outbox/outbox-worker.ts'
import type { PortalDirectory } from '../services/portal-directory.ts'

/** What the approval services are built from. */
export interface ApprovalWiring {
  store: Store
  clock: Clock
  /** The portals' clients; absent when no Bitrix24 mode is configured (every portal request then fails). */
  directory: PortalDirectory | undefined
  /** What links back from Bitrix24 and Telegram are made from. */
  links: LinkConfig
  /** Runs work after the answer (Vercel `waitUntil`, or a logged background promise locally). */
  defer: (work: Promise<unknown>) => void
  messenger: Messenger | undefined
}

const notConnected: PortalDirectory = {
  portal: () => Promise.reject(new AuthError('PORTAL_NOT_CONNECTED', 'No Bitrix24 connection is configured')),
  forUser: () => Promise.reject(new AuthError('PORTAL_NOT_CONNECTED', 'No Bitrix24 connection is configured')),
}

/** Builds the deps of every approval action, with the process's one people cache and outbox worker. */
export function wireApprovals(wiring: ApprovalWiring): ActionDeps {
  const { store, clock, links, defer, messenger } = wiring
  const directory = wiring.directory ?? notConnected
  const people = createPortalPeople({ store, clock })
  const outbox = createOutboxWorker({
    store,
    clock,
    directory,
    people,
    links,
    defer,
    ...(messenger ? { messenger } : {}),
  })
  const stageDirectory = createStageDirectory({ store, clock, people, directory })
  return { store, clock, directory, people, outbox, stageDirectory }
}
