/**
 * @module Runs the recorded effects of one approval, in audit order, in two lanes at once (issue #22): the
 * Bitrix24 write-back and the Telegram steps, each under its own lease (so two workers never run one lane at once;
 * it is renewed every few seconds and on every ledger write, and a run that lost it stops before writing) and
 * with its own ledger. So a Telegram step waiting for its chat slot never holds the approval's next write-back,
 * and the portal's batch queue merges that write-back with other approvals'. The messenger lane takes an entry
 * once it is written back, and edits each card once for the answers given together. Each side effect is
 * remembered in its lane's ledger under its idempotency key and skipped on a re-run; the portal's write-back
 * carries out the Bitrix24 operations in as few requests as it can, and what it could not write is indexed for the
 * admins' list (`write-back-problems.ts`). A failure stops its lane and is thrown, so the caller retries later with
 * backoff; the effects done so far stay done.
 */
import { randomUUID } from 'node:crypto'
import { deletedTaskIds, type Effect } from '../../domain/index.ts'
import { ConflictError } from '../../ports/errors.ts'
import type { Clock } from '../../ports/clock.ts'
import type { Messenger } from '../../ports/messenger.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import type { WriteBackOperation } from '../../ports/portal-write-back.ts'
import { approvalKey, type ApprovalRecord, type OutboxEntry } from '../approvals/approval-records.ts'
import { approvalLinks, type ApprovalLinks, type LinkConfig } from '../approvals/approval-links.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import type { PortalPeople } from '../approvals/portal-users.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import { approverCardView, buildApprovalCard, cardUpdate, type CardContext, type NameOf } from './approval-card.ts'
import {
  keepLegacyMessengerSteps,
  loadLedger,
  loadMessengerLedger,
  saveLedger,
  saveMessengerLedger,
  type MessengerLedger,
  type OutboxLedger,
} from './outbox-ledger.ts'
import { scheduleTimer } from './timer-queue.ts'
import { indexProblems, latestProblemAt } from './write-back-problems.ts'
import { earlierTask, writeBackOperations, type OperationContext } from './write-back-operations.ts'
import { keepRenewed } from '../lease-renewal.ts'
import { bitrix24Muted, deferPing, telegramPingPlan, type QuietPing } from '../people/ping-policy.ts'
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

/** One messenger step: its idempotency key, the send, and the ping it is (quiet hours and channels apply). */
interface MessengerStep {
  key: string
  run: () => Promise<unknown>
  ping?: QuietPing
}

/** The messenger's steps of one effect, each under its idempotency key, with ready views of the card. */
function messengerSteps(messenger: Messenger, effect: Effect, key: string, ctx: MessengerContext): MessengerStep[] {
  const { approval, cards } = ctx
  const base = { memberId: approval.memberId, approvalId: approval.id }
  const steps: MessengerStep[] = []
  if (effect.type === 'notify-approvers') {
    for (const userId of effect.userIds) {
      const idempotencyKey = `${key}:tg:${userId}`
      const view = approverCardView(approval, userId, cards)
      const ping = { ...base, userId, idempotencyKey, to: 'approver' as const, reason: effect.reason }
      steps.push({ key: idempotencyKey, run: () => messenger.deliverCard({ view, ...ping }), ping })
      const attachments = approval.attachments ?? []
      if (attachments.length > 0 && effect.reason !== 'reminder') {
        const input = { memberId: approval.memberId, approvalId: approval.id, userId, attachments }
        const filesKey = `${key}:tg-files:${userId}`
        const filesPing = { ...base, userId, idempotencyKey: filesKey, to: 'approver-files' as const }
        const run = () => messenger.sendAttachments({ ...input, idempotencyKey: filesKey })
        steps.push({ key: filesKey, run, ping: filesPing })
      }
    }
  } else if (effect.type === 'notify-initiator') {
    const card = buildApprovalCard(approval, cards)
    const input = { card, timeZone: cards.timeZone, event: effect.event, outcome: effect.outcome }
    const idempotencyKey = `${key}:tg`
    const { event, outcome } = effect
    const ping: QuietPing = { ...base, userId: approval.initiatorId, idempotencyKey, to: 'initiator', event, outcome }
    steps.push({ key: idempotencyKey, run: () => messenger.tellInitiator({ ...input, idempotencyKey }), ping })
  } else if (effect.type === 'update-cards') {
    const update = cardUpdate(approval, cards)
    steps.push({ key: `${key}:tg`, run: () => messenger.updateCards({ update, idempotencyKey: `${key}:tg` }) })
  }
  return steps
}

/**
 * Runs a step as its recipient's notification settings say: sent now, held until their quiet hours end
 * (recorded as `{ deferredUntil }`), or left out (`'muted'`, Telegram switched off).
 */
async function runStep(deps: OutboxDeps, step: MessengerStep): Promise<unknown> {
  if (!step.ping) return step.run()
  const now = new Date(deps.clock.now())
  const plan = await telegramPingPlan(deps.store, step.ping.memberId, step.ping.userId, now)
  if (plan.kind === 'muted') return 'muted'
  if (plan.kind === 'send') return step.run()
  await deferPing(deps.store, step.ping, plan.at)
  return { deferredUntil: plan.at.toISOString() }
}

async function runMessenger(deps: OutboxDeps, effect: Effect, key: string, ctx: MessengerContext, save: SaveLedger) {
  const messenger = deps.messenger
  if (!messenger) return
  for (const step of messengerSteps(messenger, effect, key, ctx)) {
    if (step.key in ctx.ledger.done) continue
    ctx.ledger.done[step.key] = (await runStep(deps, step)) ?? true
    await save()
  }
}

/** What the messenger's steps of one entry need. */
interface MessengerContext {
  approval: OperationContext['approval']
  ledger: MessengerLedger
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

/** Who the entry's effects send Bitrix24 notifications to (before their notification settings apply). */
function noticeRecipients(effects: Effect[], initiatorId: number): number[] {
  return effects.flatMap((e) =>
    e.type === 'notify-approvers' ? e.userIds : e.type === 'notify-initiator' ? [initiatorId] : [],
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
  const muted = await bitrix24Muted(
    deps.store,
    approval.memberId,
    noticeRecipients(entry.effects, approval.initiatorId),
  )
  const isWanted = (operation: WriteBackOperation) =>
    !(operation.kind === 'approver-notice' && muted.has(operation.userId)) &&
    !(operation.kind === 'initiator-notice' && muted.has(approval.initiatorId))
  for (const phase of [...phases(entry.effects), [...entry.effects.entries()]]) {
    // The context as the ledger stands now (who the portal notifies depends on which tasks it refused).
    const context: OperationContext = { ...base, taskNotified: taskNotified(entry, base, keyOf) }
    const operations = phase.flatMap(([index, effect]) => writeBackOperations(effect, keyOf(index), context))
    const pending = operations.filter((operation) => !(operation.key in ledger.done) && isWanted(operation))
    if (pending.length === 0) continue
    const portal = await deps.directory.portal(approval.memberId)
    const attemptedAt = new Date(deps.clock.now()).toISOString()
    const request = { approval, entry: auditEntry, style, operations: pending, attemptedAt }
    await portal.writeBack.perform(request, ledger, save)
  }
}

/**
 * What cards of a portal's approvals are rendered with: the portal's settings, names from the people cache, the
 * links into the app and the portal's time zone.
 * @throws the Portal port's errors when the people must be fetched and the portal fails.
 */
export async function cardContextOf(deps: OutboxDeps, memberId: string) {
  const settings = await loadSettings(deps.store, memberId)
  const people = await deps.people.people(memberId, () => deps.directory.portal(memberId))
  const names = new Map(people.users.map((u) => [u.id, u.name]))
  const nameOf = (userId: number | null) => names.get(userId ?? 0) ?? `#${userId}`
  const links = await approvalLinks(deps.store, deps.links, memberId)
  const cards: CardContext = {
    linkOf: links.full,
    webLinkOf: links.standalone,
    nameOf,
    timeZone: settings.calendar.timeZone,
  }
  return { settings, nameOf, links, cards }
}

/** What one entry's steps need, read once per pass. */
interface PreparedEntry {
  entry: OutboxEntry
  context: EntryContext
  cards: CardContext
}

async function prepareEntry(
  deps: OutboxDeps,
  record: ApprovalRecord,
  entry: OutboxEntry,
  ledger: OutboxLedger,
): Promise<PreparedEntry> {
  const { approval } = record
  const memberId = approval.memberId
  const { settings, nameOf, links, cards } = await cardContextOf(deps, memberId)
  const keyOf = (index: number) => `${approval.id}:${entry.seq}:${index}`
  return { entry, cards, context: { record, entry, ledger, settings, nameOf, keyOf, links } }
}

/** Schedules the entry's timers and writes its effects into the portal. */
async function writeBackPass(deps: OutboxDeps, prepared: PreparedEntry[], save: SaveLedger) {
  for (const { entry, context } of prepared) {
    const { approval } = context.record
    for (const effect of entry.effects) {
      if (effect.type === 'schedule') {
        const timer = { memberId: approval.memberId, approvalId: approval.id, timer: effect.timer }
        await scheduleTimer(deps.store, timer, effect.dueAt)
      }
    }
    await writeBackEntry(deps, context, save)
  }
}

/**
 * Runs the entries' Telegram steps in order. Every card edit renders the approval as it stands now, so an
 * `update-cards` that a later entry repeats is left to that one: several answers in one pass edit each card once.
 * Before each step it asks `hasNewer`; when a newer entry came in, it stops (returns false) so the pass starts
 * again with that entry (its card edit then covers both).
 */
async function messengerPass(
  deps: OutboxDeps,
  prepared: PreparedEntry[],
  ledger: MessengerLedger,
  save: SaveLedger,
  hasNewer: () => Promise<boolean>,
): Promise<boolean> {
  const edits = prepared.map((p) => p.entry.effects.some((e) => e.type === 'update-cards'))
  const lastEdit = edits.lastIndexOf(true)
  for (const [position, { entry, context, cards }] of prepared.entries()) {
    const { approval } = context.record
    for (const [index, effect] of entry.effects.entries()) {
      if (effect.type === 'update-cards' && position < lastEdit) continue
      if (deps.messenger && (await hasNewer())) return false
      await runMessenger(deps, effect, context.keyOf(index), { approval, ledger, cards }, save)
    }
  }
  return true
}

/** A lane's write of its own ledger, under the lane's lease. */
type LaneSave = (save: () => Promise<void>) => Promise<void>

/**
 * Runs `work` under the approval's lease `name` (renewed while it runs; `save` refuses to write once the lease
 * is lost). Returns `'busy'` when another worker holds it.
 */
async function underLease(
  deps: OutboxDeps,
  memberId: string,
  approvalId: string,
  name: string,
  work: (save: LaneSave) => Promise<void>,
): Promise<'done' | 'busy'> {
  const lease = tenantKey(memberId, name, approvalId)
  const holder = randomUUID()
  if (!(await deps.store.acquireLease(lease, holder, outboxLeaseMs))) return 'busy'
  const renewal = keepRenewed(() => deps.store.acquireLease(lease, holder, outboxLeaseMs), outboxRenewEveryMs, lease)
  try {
    await work(async (save) => {
      if (renewal.isLost() || !(await deps.store.acquireLease(lease, holder, outboxLeaseMs))) {
        throw new ConflictError('OUTBOX_LEASE_LOST', 'Another worker took over this approval’s outbox')
      }
      await save()
    })
    return 'done'
  } finally {
    renewal.stop()
    await deps.store.releaseLease(lease, holder)
  }
}

/** The approval's record and its outbox entries after `doneThroughSeq`, in order (none when it is gone). */
async function pendingEntries(deps: OutboxDeps, memberId: string, approvalId: string, doneThroughSeq: number) {
  const record = (await deps.store.get<ApprovalRecord>(approvalKey(memberId, approvalId)))?.value
  const pending = (record?.outbox ?? []).filter((e) => e.seq > doneThroughSeq).sort((a, b) => a.seq - b.seq)
  return { record, pending }
}

/** The write-back lane: every pending entry's timers and Bitrix24 write-back, entry after entry. */
async function runWriteBackLane(
  deps: OutboxDeps,
  memberId: string,
  approvalId: string,
  underLease: LaneSave,
  progress: LaneProgress,
) {
  let indexedAt: string | null = null
  for (;;) {
    const ledger = await loadLedger(deps.store, memberId, approvalId)
    const { record, pending } = await pendingEntries(deps, memberId, approvalId, ledger.doneThroughSeq)
    if (!record || pending.length === 0) return
    await keepLegacyMessengerSteps(deps.store, memberId, approvalId, ledger)
    const save = () =>
      underLease(async () => {
        ledger.hasMessengerLane = true
        await linkNewTasks(deps.store, memberId, approvalId, ledger)
        await saveLedger(deps.store, memberId, approvalId, ledger)
        const latestAt = latestProblemAt(ledger)
        if (latestAt !== null && latestAt !== indexedAt) await indexProblems(deps.store, memberId, approvalId, latestAt)
        indexedAt = latestAt
      })
    const prepared: PreparedEntry[] = []
    for (const entry of pending) prepared.push(await prepareEntry(deps, record, entry, ledger))
    await writeBackPass(deps, prepared, save)
    ledger.doneThroughSeq = pending.at(-1)!.seq
    // A key of these entries still in flight belongs to a command no longer sent (its write-back was switched
    // off after its answer was lost): nothing will look it up again.
    const settled = pending.map((entry) => `${approvalId}:${entry.seq}:`)
    ledger.inFlight = ledger.inFlight.filter((key) => !settled.some((prefix) => key.startsWith(prefix)))
    await save()
    progress.advanced()
  }
}

/** The write-back lane's progress in this run, which the messenger lane waits on. */
interface LaneProgress {
  /** Called by the write-back lane after each pass it saved. */
  advanced(): void
  /** Resolves at the write-back lane's next pass, or when it ended. */
  next(): Promise<void>
  /** True once the write-back lane of this run ended (done, busy or failed). */
  isEnded(): boolean
  end(): void
}

function laneProgress(): LaneProgress {
  let wake = () => {}
  let waiting = Promise.resolve()
  let isEnded = false
  const arm = () => (waiting = new Promise<void>((resolve) => (wake = resolve)))
  arm()
  return {
    advanced: () => {
      wake()
      arm()
    },
    next: () => (isEnded ? Promise.resolve() : waiting),
    isEnded: () => isEnded,
    end: () => {
      isEnded = true
      wake()
    },
  }
}

/**
 * The messenger lane: the Telegram steps of every pending entry already written back (so the answers given while
 * one was in Bitrix24 get one card edit together; a newer entry that comes in meanwhile restarts the pass with it).
 * While this run's write-back lane goes on, it waits for its next pass.
 */
async function runMessengerLane(
  deps: OutboxDeps,
  memberId: string,
  approvalId: string,
  underLease: LaneSave,
  progress: LaneProgress,
) {
  for (;;) {
    const writeBackLedger = await loadLedger(deps.store, memberId, approvalId)
    const ledger = await loadMessengerLedger(deps.store, memberId, approvalId, writeBackLedger)
    const { record, pending: unsent } = await pendingEntries(deps, memberId, approvalId, ledger.doneThroughSeq)
    const pending = unsent.filter((entry) => entry.seq <= writeBackLedger.doneThroughSeq)
    if (!record || unsent.length === 0) return
    if (pending.length === 0) {
      if (progress.isEnded()) return
      await progress.next()
      continue
    }
    const save = () => underLease(() => saveMessengerLedger(deps.store, memberId, approvalId, ledger))
    const prepared: PreparedEntry[] = []
    for (const entry of pending) prepared.push(await prepareEntry(deps, record, entry, writeBackLedger))
    // A newer entry counts once it is written back (until then the pass goes on without it).
    const hasNewer = async () =>
      (await loadLedger(deps.store, memberId, approvalId)).doneThroughSeq > pending.at(-1)!.seq
    if (!(await messengerPass(deps, prepared, ledger, save, hasNewer))) continue
    ledger.doneThroughSeq = pending.at(-1)!.seq
    await save()
  }
}

/**
 * Runs every effect of the approval that has not run yet, in two lanes at once, each under its own lease: the
 * Bitrix24 write-back and the Telegram steps, so that Telegram's pacing never holds up Bitrix24. Returns
 * `'busy'` when another worker holds either lane, `'done'` when nothing is left in either.
 * @throws the Portal port's and Messenger port's errors, after both lanes stopped (what was done stays done).
 */
export async function runOutbox(deps: OutboxDeps, memberId: string, approvalId: string): Promise<'done' | 'busy'> {
  const progress = laneProgress()
  const lanes = await Promise.allSettled([
    underLease(deps, memberId, approvalId, 'outbox-lease', (save) =>
      runWriteBackLane(deps, memberId, approvalId, save, progress),
    ).finally(progress.end),
    underLease(deps, memberId, approvalId, 'outbox-tg-lease', (save) =>
      runMessengerLane(deps, memberId, approvalId, save, progress),
    ),
  ])
  const failed = lanes.find((lane) => lane.status === 'rejected')
  if (failed) throw failed.reason
  return lanes.some((lane) => lane.status === 'fulfilled' && lane.value === 'busy') ? 'busy' : 'done'
}
