/**
 * @module The write-back facet of the Portal port: an approval's effects as operations in the domain's words
 * (create an approver's task, reopen it for a new round, comment on it, complete it, notify, comment on the deal's timeline, answer the
 * robot), carried out exactly once under the outbox ledger. `adapters/bitrix24` renders them into REST calls,
 * words and BB-code.
 */
import type {
  Approval,
  ApproverNotice,
  AuditEntry,
  Behalf,
  InitiatorNotice,
  Outcome,
  TaskCompletion,
  TimelineEvent,
  UserId,
} from '../domain/index.ts'

/** The languages the app writes into Bitrix24 in (a portal setting). */
export const writeBackLanguages = ['ru', 'en'] as const
/** One of {@link writeBackLanguages}. */
export type WriteBackLanguage = (typeof writeBackLanguages)[number]

/** Where the words of a write-back come from: the portal's language, people's names and the link to the app. */
export interface WriteBackStyle {
  language: WriteBackLanguage
  /** The display name of a portal user (from the people cache). */
  nameOf(userId: UserId): string
  /** The link that opens the approval in the app. */
  linkOf(approval: Approval): string
}

/** One approver's place in one stage of one round: the unit that gets a Bitrix24 task. */
export interface TaskPlace {
  round: number
  stageIndex: number
  userId: UserId
}

/** The ledger key of a place's task, `<round>:<stageIndex>:<userId>`. */
export function placeKey(place: TaskPlace): string {
  return `${place.round}:${place.stageIndex}:${place.userId}`
}

/** The place a {@link placeKey} names (zeros for parts a malformed key lacks). */
export function placeOfKey(key: string): TaskPlace {
  const [round = 0, stageIndex = 0, userId = 0] = key.split(':').map(Number)
  return { round, stageIndex, userId }
}

/**
 * One write-back operation, under its idempotency key. Texts and targets come from the request's approval and
 * audit entry: `task-renew` reopens, for a place of a new round (after a send-back), the task its approver had
 * in an earlier round, with the approval's current title, description and deadline; `approver-notice` and
 * `initiator-notice` are portal notifications, a task's `behalf` names whom its approver decides for (a deputy, a
 * place handed over), `timeline-comment` goes on the approval's deal or lead,
 * `robot-result` answers the robot that started the approval, `stage-move` moves the approval's deal or lead to a
 * stage (a status for a lead), as the automation rule that started it asks.
 */
export type WriteBackOperation =
  | { kind: 'task-create'; key: string; place: TaskPlace; deadlineAt: string | null; behalf?: Behalf }
  | { kind: 'task-renew'; key: string; place: TaskPlace; taskId: number; deadlineAt: string | null; behalf?: Behalf }
  | { kind: 'task-comment'; key: string; taskId: number; authorId: UserId; reason: TaskCompletion }
  | { kind: 'task-complete'; key: string; taskId: number }
  | { kind: 'approver-notice'; key: string; userId: UserId; reason: ApproverNotice }
  | { kind: 'initiator-notice'; key: string; event: InitiatorNotice; outcome: Outcome | null }
  | { kind: 'timeline-comment'; key: string; event: TimelineEvent }
  | { kind: 'robot-result'; key: string; outcome: Outcome }
  | { kind: 'stage-move'; key: string; stageId: string }

/** The operations of one approval's transition, with what their words are made from. */
export interface WriteBackRequest {
  approval: Approval
  /** The audit entry of the transition that asked for the effects. */
  entry: AuditEntry | undefined
  style: WriteBackStyle
  operations: WriteBackOperation[]
  /** When this attempt runs (ISO 8601), the time its problems are recorded at. */
  attemptedAt: string
}

/**
 * How many times an operation Bitrix24 did not carry out without saying why (an empty error code, a `false`
 * or missing result) is sent before it is recorded as a {@link FailedOperation}.
 */
export const writeBackAttempts = 5

/** What an operation that kept failing is recorded as in {@link WriteBackLedger.done}. */
export interface FailedOperation {
  /** Why it was not written, in the portal's words where it gave any. */
  failed: string
}

/**
 * An operation the portal did not carry out, kept for the approval page and the admins' list: `retrying` while
 * attempts are left, `failed` when they are spent, `refused` when the portal refused it with an error code.
 */
export interface WriteBackProblem {
  key: string
  kind: WriteBackOperation['kind']
  state: 'retrying' | 'failed' | 'refused'
  /** The portal's error code, `null` when it gave none. */
  code: string | null
  reason: string
  attempts: number
  /** When it last failed (ISO 8601). */
  at: string
}

/** What a refused operation is recorded as in {@link WriteBackLedger.done}. */
export interface RefusedOperation {
  /** The portal's error code (`ERROR_CORE`, `NOT_FOUND`, …). */
  refused: string
}

/**
 * The exactly-once state of one approval's write-back, kept by the outbox and persisted through `save`.
 * Written only by the holder of the approval's outbox lease.
 */
export interface WriteBackLedger {
  /**
   * Idempotency key → what the operation returned (an id, `true`), or a {@link RefusedOperation} or
   * {@link FailedOperation}.
   */
  done: Record<string, unknown>
  /** {@link placeKey} → the task id created for that place. */
  tasks: Record<string, number>
  /** Keys of creating operations sent in a request that has not answered yet; looked up before a resend. */
  inFlight: string[]
  /** Ids of what the write-back created, by operation kind, so a lookup never takes one for a lost twin. */
  owned: Record<string, number[]>
  /** Idempotency key → the last problem of an operation the portal has not carried out (dropped once it does). */
  problems?: Record<string, WriteBackProblem>
}

/** Writes an approval's effects into the portal. */
export interface WriteBack {
  /**
   * Carries out the operations whose key is not in `ledger.done`, in as few requests as the portal allows, and
   * records each outcome in `ledger` (persisted with `save` before and after every request).
   *
   * Exactly once: the keys of creating operations are saved as in flight before their request goes out; when a
   * request fails without an answer, the next call first looks their entities up in the portal and records what
   * it finds, so only what really did not run is sent again. An operation the portal refuses with an error code
   * (a closed workflow, denied access) is recorded as a {@link RefusedOperation} and never retried. One it does
   * not carry out without saying why (an empty error code, a `false` or missing result) is a passing failure:
   * thrown, so the outbox retries it, and after {@link writeBackAttempts} recorded as a {@link FailedOperation}.
   * Either way `ledger.problems` keeps what went wrong; nothing that was not written is recorded as done.
   * @throws the Portal port's errors when a request fails (nothing after it ran), and the first passing error of
   * a single operation after the others were recorded.
   */
  perform(request: WriteBackRequest, ledger: WriteBackLedger, save: () => Promise<void>): Promise<void>
}
