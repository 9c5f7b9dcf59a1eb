/**
 * @module Runs the recorded effects of one approval, in audit order, under the approval's outbox lease (so two
 * workers never run them at once; it is renewed every few seconds and on every ledger write, and a run that lost
 * it stops before writing).
 * Each side effect is remembered in the ledger under its idempotency key and skipped on a re-run; the portal's
 * write-back carries out the Bitrix24 operations in as few requests as it can, and what it could not write is
 * indexed for the admins' list (`write-back-problems.ts`). A failure stops the run and is thrown, so the caller retries
 * later with backoff; the effects done so far stay done.
 */
import { randomUUID } from 'node:crypto'
import { deletedTaskIds, type Effect } from '../../domain/index.ts'
import { ConflictError } from '../../ports/errors.ts'
import type { Clock } from '../../ports/clock.ts'
import type { Messenger } from '../../ports/messenger.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import { approvalKey, type ApprovalRecord, type OutboxEntry } from '../approvals/approval-records.ts'
import { approvalLinks, type ApprovalLinks, type LinkConfig } from '../approvals/approval-links.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import type { PortalPeople } from '../approvals/portal-users.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import { approverCardView, buildApprovalCard, cardUpdate, type CardContext, type NameOf } from './approval-card.ts'
import { loadLedger, saveLedger, type OutboxLedger } from './outbox-ledger.ts'
import { scheduleTimer } from './timer-queue.ts'
import { indexProblems, latestProblemAt } from './write-back-problems.ts'
import { earlierTask, writeBackOperations, type OperationContext } from './write-back-operations.ts'
import { keepRenewed } from '../lease-renewal.ts'
import { linkNewTasks } from '../tasks/task-links.ts'

/** What running the outbox needs. */
export interface OutboxDeps {
  store: Store
  clock: Clock
  directory: PortalDirectory
  people: PortalPeople
  /** The Telegram side; absent until a bot is configured (then Bitrix24 notifications only). */
  messenger?: Messenger
  /** What links to approvals are made from (`approval-links.ts`). */
  links: LinkConfig
}

/**
 * How long an approval's outbox lease lasts without renewal. A running worker renews it every
 * {@link outboxRenewEveryMs}, so a run may take as long as it needs, while the lease of a worker that died
 * (`kill -9`) ends within this time and the next cron tick resumes its write-backs.
 */
export const outboxLeaseMs = 20_000
/** How often a running worker renews its outbox lease. */
export const outboxRenewEveryMs = 5_000

/** Writes the ledger of the approval being run (under its lease). */
type SaveLedger = () => Promise<void>

/** The messenger's steps of one effect, each under its idempotency key, with ready views of the card. */
function messengerSteps(messenger: Messenger, effect: Effect, key: string, ctx: MessengerContext) {
  const { approval, cards } = ctx
  const steps: [string, () => Promise<unknown>][] = []
  if (effect.type === 'notify-approvers') {
    for (const userId of effect.userIds) {
      const idempotencyKey = `${key}:tg:${userId}`
      const view = approverCardView(approval, userId, cards)
      steps.push([idempotencyKey, () => messenger.deliverCard({ view, userId, reason: effect.reason, idempotencyKey })])
      const attachments = approval.attachments ?? []
      if (attachments.length > 0 && effect.reason !== 'reminder') {
        const input = { memberId: approval.memberId, approvalId: approval.id, userId, attachments }
        const filesKey = `${key}:tg-files:${userId}`
        steps.push([filesKey, () => messenger.sendAttachments({ ...input, idempotencyKey: filesKey })])
      }
    }
  } else if (effect.type === 'notify-initiator') {
    const card = buildApprovalCard(approval, cards)
    const input = { card, timeZone: cards.timeZone, event: effect.event, outcome: effect.outcome }
    steps.push([`${key}:tg`, () => messenger.tellInitiator({ ...input, idempotencyKey: `${key}:tg` })])
  } else if (effect.type === 'update-cards') {
    const update = cardUpdate(approval, cards)
    steps.push([`${key}:tg`, () => messenger.updateCards({ update, idempotencyKey: `${key}:tg` })])
  }
  return steps
}

async function runMessenger(deps: OutboxDeps, effect: Effect, key: string, ctx: MessengerContext, save: SaveLedger) {
  const messenger = deps.messenger
  if (!messenger) return
  const steps = messengerSteps(messenger, effect, key, ctx)
  for (const [stepKey, step] of steps) {
    if (stepKey in ctx.ledger.done) continue
    ctx.ledger.done[stepKey] = (await step()) ?? true
    await save()
  }
}

/** What the messenger's steps of one entry need. */
interface MessengerContext {
  approval: OperationContext['approval']
  ledger: OutboxLedger
  cards: CardContext
}

type IndexedEffect = [index: number, effect: Effect]

/**
 * Splits an entry's effects into the phases their Bitrix24 commands are sent in: one phase (task creations
 * first, so the fewest `batch` requests), unless a `task-complete` needs the id of a task created in the same
 * entry (a stage that passed at once), which then waits for a second phase.
 */
function phases(effects: Effect[]): IndexedEffect[][] {
  const place = (e: { round: number; stageIndex: number; userId: number }) => `${e.round}:${e.stageIndex}:${e.userId}`
  const indexed = [...effects.entries()]
  const creations = indexed.filter(([, e]) => e.type === 'task-create')
  const others = indexed.filter(([, e]) => e.type !== 'task-create')
  const created = new Set(creations.map(([, e]) => place(e as Extract<Effect, { type: 'task-create' }>)))
  const dependsOnCreation = others.some(([, e]) => e.type === 'task-complete' && created.has(place(e)))
  return dependsOnCreation ? [creations, others] : [[...creations, ...others]]
}

/**
 * The approvers Bitrix24 itself tells of a new task in this entry: those who get one from another user, unless
 * Bitrix24 refused it or it failed, or the place reopens their task of an earlier round (then the app's own
 * notice goes to them instead).
 */
function taskNotified(entry: OutboxEntry, ctx: Omit<OperationContext, 'taskNotified'>, keyOf: (i: number) => string) {
  if (!ctx.writeBack.tasks) return new Set<number>()
  const refused = (index: number) => {
    const done = ctx.ledger.done[keyOf(index)] as { refused?: string; failed?: string } | undefined
    return done?.refused ?? done?.failed
  }
  return new Set(
    [...entry.effects.entries()].flatMap(([index, e]) =>
      e.type === 'task-create' &&
      e.userId !== ctx.approval.initiatorId &&
      !refused(index) &&
      earlierTask(ctx.ledger, e, deletedTaskIds(ctx.approval)) === undefined
        ? [e.userId]
        : [],
    ),
  )
}

/** What one entry's write-back into the portal needs. */
interface EntryContext {
  record: ApprovalRecord
  entry: OutboxEntry
  ledger: OutboxLedger
  settings: Awaited<ReturnType<typeof loadSettings>>
  nameOf: NameOf
  keyOf: (index: number) => string
  links: ApprovalLinks
}

/**
 * Writes the entry's effects into the portal, phase after phase. After the phases, one more pass sends what only
 * became due through them: the notice of an approver whose task the portal refused (usually nothing).
 */
async function writeBackEntry(deps: OutboxDeps, ctx: EntryContext, save: SaveLedger) {
  const { record, entry, ledger, settings, nameOf, keyOf, links } = ctx
  const { approval } = record
  const auditEntry = approval.audit.find((a) => a.seq === entry.seq)
  const base = { approval, ledger, writeBack: settings.writeBack, entry: auditEntry }
  const style = { language: settings.language, nameOf, linkOf: (a: typeof approval) => links.inPortal(a.id) }
  for (const phase of [...phases(entry.effects), [...entry.effects.entries()]]) {
    // The context as the ledger stands now (who the portal notifies depends on which tasks it refused).
    const context: OperationContext = { ...base, taskNotified: taskNotified(entry, base, keyOf) }
    const operations = phase.flatMap(([index, effect]) => writeBackOperations(effect, keyOf(index), context))
    const pending = operations.filter((operation) => !(operation.key in ledger.done))
    if (pending.length === 0) continue
    const portal = await deps.directory.portal(approval.memberId)
    const attemptedAt = new Date(deps.clock.now()).toISOString()
    const request = { approval, entry: auditEntry, style, operations: pending, attemptedAt }
    await portal.writeBack.perform(request, ledger, save)
  }
}

async function runEntry(
  deps: OutboxDeps,
  record: ApprovalRecord,
  entry: OutboxEntry,
  ledger: OutboxLedger,
  save: SaveLedger,
) {
  const { approval } = record
  const memberId = approval.memberId
  const settings = await loadSettings(deps.store, memberId)
  const people = await deps.people.people(memberId, () => deps.directory.portal(memberId))
  const names = new Map(people.users.map((u) => [u.id, u.name]))
  const nameOf = (userId: number | null) => names.get(userId ?? 0) ?? `#${userId}`
  const keyOf = (index: number) => `${approval.id}:${entry.seq}:${index}`
  for (const effect of entry.effects) {
    if (effect.type === 'schedule') {
      await scheduleTimer(deps.store, { memberId, approvalId: approval.id, timer: effect.timer }, effect.dueAt)
    }
  }
  const links = await approvalLinks(deps.store, deps.links, memberId)
  const cards = { linkOf: links.full, nameOf, timeZone: settings.calendar.timeZone }
  for (const [index, effect] of entry.effects.entries()) {
    await runMessenger(deps, effect, keyOf(index), { approval, ledger, cards }, save)
  }
  await writeBackEntry(deps, { record, entry, ledger, settings, nameOf, keyOf, links }, save)
}

/**
 * Runs every effect of the approval that has not run yet. Returns `'busy'` when another worker holds the
 * approval's outbox, `'done'` when nothing is left.
 * @throws the Portal port's and Messenger port's errors (the run stops; what was done stays done).
 */
export async function runOutbox(deps: OutboxDeps, memberId: string, approvalId: string): Promise<'done' | 'busy'> {
  const lease = tenantKey(memberId, 'outbox-lease', approvalId)
  const holder = randomUUID()
  if (!(await deps.store.acquireLease(lease, holder, outboxLeaseMs))) return 'busy'
  const renewal = keepRenewed(() => deps.store.acquireLease(lease, holder, outboxLeaseMs), outboxRenewEveryMs, lease)
  let indexedAt: string | null = null
  const saveUnderLease = async (ledger: OutboxLedger) => {
    if (renewal.isLost() || !(await deps.store.acquireLease(lease, holder, outboxLeaseMs))) {
      throw new ConflictError('OUTBOX_LEASE_LOST', 'Another worker took over this approval’s outbox')
    }
    await linkNewTasks(deps.store, memberId, approvalId, ledger)
    await saveLedger(deps.store, memberId, approvalId, ledger)
    const latestAt = latestProblemAt(ledger)
    if (latestAt !== null && latestAt !== indexedAt) await indexProblems(deps.store, memberId, approvalId, latestAt)
    indexedAt = latestAt
  }
  try {
    for (;;) {
      const record = (await deps.store.get<ApprovalRecord>(approvalKey(memberId, approvalId)))?.value
      const ledger = await loadLedger(deps.store, memberId, approvalId)
      const pending = (record?.outbox ?? []).filter((e) => e.seq > ledger.doneThroughSeq)
      if (!record || pending.length === 0) return 'done'
      for (const entry of pending.sort((a, b) => a.seq - b.seq)) {
        await runEntry(deps, record, entry, ledger, () => saveUnderLease(ledger))
        ledger.doneThroughSeq = entry.seq
        // A key of this entry still in flight belongs to a command no longer sent (its write-back was switched
        // off after its answer was lost): nothing will look it up again.
        ledger.inFlight = ledger.inFlight.filter((key) => !key.startsWith(`${approvalId}:${entry.seq}:`))
        await saveUnderLease(ledger)
      }
    }
  } finally {
    renewal.stop()
    await deps.store.releaseLease(lease, holder)
  }
}
