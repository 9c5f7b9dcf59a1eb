/**
 * @module The approval model: the plain, JSON-serializable state that the store keeps and the pure transitions
 * in `approval-machine.ts` read and return. Timestamps are ISO-8601 UTC strings named `*At`; absent values are
 * `null`, never `undefined`, so a stored record round-trips through JSON unchanged.
 */
import type { ApprovalAttachment } from './approval-attachments.ts'
import type { AuditEntry } from './audit.ts'
import type { OrgStructure } from './escalation.ts'
import type { WorkingCalendar } from './working-time.ts'

/** A Bitrix24 user id. */
export type UserId = number

/** Where a change came from; kept on every audit entry. */
export type Channel = 'web' | 'telegram' | 'bitrix24' | 'robot' | 'system'

/** What an approver answers: approve, reject, or send back to the initiator for revision. */
export type ResponseKind = 'approve' | 'reject' | 'send-back'

/**
 * When a comment must (or may) come with an answer. Under `none` a comment is refused (`COMMENT_NOT_ALLOWED`)
 * rather than silently dropped, so nobody believes they explained a decision that nobody will read.
 */
export type CommentPolicy = 'none' | 'optional' | 'required-on-reject' | 'required-on-reject-or-send-back' | 'always'

/**
 * How a stage's approvers reach a verdict: `all` (everyone approves; one rejection rejects), `any` (the first
 * answer decides), `quorum` (`count` approvals pass), `percent` (`percent`% of the stage's approvers pass).
 * `quorum` and `percent` fail as soon as enough approvals can no longer arrive.
 */
export type DecisionRule =
  { kind: 'all' } | { kind: 'any' } | { kind: 'quorum'; count: number } | { kind: 'percent'; percent: number }

/**
 * What happens when a deadline passes: end the approval as `expired` (`reject`), pass it (`approve`), hand the
 * pending approvers' places to their department heads, one level up the structure per timeout (`escalate`), or
 * only flag it (`mark-overdue`).
 */
export type TimeoutAction = 'reject' | 'approve' | 'escalate' | 'mark-overdue'

/** How a round ends. `returned` waits for the initiator's resubmission; the others end the approval. */
export type Outcome = 'approved' | 'rejected' | 'returned' | 'cancelled' | 'expired'

/** Outcomes after which nothing changes any more. */
export type TerminalOutcome = Exclude<Outcome, 'returned'>

/** The approval's status: `pending` while a stage waits for answers, else the outcome of the last round. */
export type ApprovalStatus = 'pending' | Outcome

/** The Bitrix24 item an approval is about: a CRM deal or lead, or a task. */
export interface Subject {
  kind: 'deal' | 'lead' | 'task'
  /** `ID` of the deal, lead or task. */
  id: number
  title: string
  amount: number | null
  /** ISO 4217 code, e.g. `RUB`. */
  currency: string | null
  /** Link to the item in the portal. */
  url: string | null
  /** The item's responsible user in Bitrix24; absent on approvals stored before it was recorded. */
  responsibleId?: UserId | null
  /** The deal's pipeline (`CATEGORY_ID`, 0 = the default one); absent for leads, tasks and older approvals. */
  pipelineId?: number | null
  /** The deal's or lead's `SOURCE_ID`; absent for tasks and older approvals. */
  sourceId?: string | null
}

/** What started an approval when it was not a person in the app: the app's robot on a stage, or a business process. */
export interface ApprovalOrigin {
  kind: 'robot' | 'business-process'
  /** The name of the deal's stage or the lead's status the document was in when it started. */
  stageName: string | null
}

/** What a stage deadline does once an escalation chain has reached the top of the structure. */
export type ChainEndAction = Exclude<TimeoutAction, 'escalate'>

/**
 * A stage's own deadline: counted in working hours from the moment the stage starts. With `escalate`, each
 * timeout hands the unanswered places one level up the structure with the clock reset; when nobody is left
 * above, `afterEscalation` applies (absent: `mark-overdue`).
 */
export interface StageDeadline {
  workingHours: number
  action: TimeoutAction
  afterEscalation?: ChainEndAction
}

/**
 * An approver named by role, resolved to people when the stage starts: the initiator's head (org structure),
 * the subject's responsible, a department's head, every member of a department, or every member of a
 * workgroup or project (Bitrix24 `sonet_group`: owner, moderators and members).
 */
export type ApproverRole =
  | { kind: 'initiator-head' }
  | { kind: 'responsible' }
  | { kind: 'department-head'; departmentId: number }
  | { kind: 'department-members'; departmentId: number }
  | { kind: 'group-members'; groupId: number }

/**
 * When a stage applies, from the approval's subject: every test given must hold. `minAmount`: the subject's
 * amount is at least `amount` in `currency` (another currency or no amount fails); `pipelineIds`: the deal is in
 * one of these pipelines; `sourceIds`: the deal or lead came from one of these sources.
 */
export interface StageCondition {
  minAmount: { amount: number; currency: string } | null
  pipelineIds: number[] | null
  sourceIds: string[] | null
}

/** A stage as configured: who approves (people and roles) and by which rule, and when it applies. */
export interface StageDefinition {
  /** Up to 50 distinct Bitrix24 user ids; may be empty when `roles` name someone. */
  approverIds: UserId[]
  /** Roles resolved when the stage starts; absent on stages saved before roles existed. */
  roles?: ApproverRole[]
  /** The stage applies only when this holds; absent or `null`: always. */
  condition?: StageCondition | null
  rule: DecisionRule
  deadline: StageDeadline | null
}

/** The approval's own deadline: an absolute instant for the approval as a whole; fires once. */
export interface ApprovalDeadline {
  dueAt: string
  action: TimeoutAction
  /** When it fired; a fired deadline never fires again. */
  firedAt: string | null
}

/** Reminders to pending approvers: every `everyWorkingHours` working hours, at most `maxCount` times a stage. */
export interface ReminderPolicy {
  everyWorkingHours: number
  maxCount: number
}

/** An approver's answer, as recorded. */
export interface SeatResponse {
  kind: ResponseKind
  at: string
  comment: string | null
  channel: Channel
}

/** One approver's place in a stage of a round. A reassignment changes `userId` and keeps `originalUserId`. */
export interface Seat {
  userId: UserId
  /** Who held the place when the round began; differs from `userId` after a reassignment or escalation. */
  originalUserId: UserId
  /** The absent person whose deputy holds the place (set when the stage started); absent otherwise. */
  onBehalfOf?: UserId | null
  /** Why the place left its original approver (set by the handover); absent when it never did. */
  handedOver?: 'reassignment' | 'escalation' | 'leaver'
  response: SeatResponse | null
}

/** Why a stage did not run when its turn came. */
export type SkipReason =
  | { kind: 'amount-below'; amount: number | null; currency: string | null; min: { amount: number; currency: string } }
  | { kind: 'pipeline-other'; pipelineId: number | null }
  | { kind: 'source-other'; sourceId: string | null }
  | { kind: 'no-approvers' }

/** Who a role came to when the stage started (empty when nobody holds it). */
export interface RoleResolution {
  role: ApproverRole
  userIds: UserId[]
}

/** An absent approver whose place went to their deputy when the stage started. */
export interface Delegation {
  absentUserId: UserId
  deputyId: UserId
}

/** A deactivated approver's place when the stage started: their head's, or nobody's (`toUserId: null`). */
export interface LeaverHandover {
  userId: UserId
  toUserId: UserId | null
}

/** How a stage's approvers were found when it started, for the history. */
export interface StageResolution {
  roles: RoleResolution[]
  delegations: Delegation[]
  /** Deactivated approvers and who took their places; absent on stages started before leavers were handled. */
  leavers?: LeaverHandover[]
  /** Set when the stage did not apply (or found nobody) and was passed over. */
  skipped: SkipReason | null
}

/** A stage inside a round: its seats and timers. A stage that never started has `startedAt: null`. */
export interface StageState {
  rule: DecisionRule
  deadline: StageDeadline | null
  /** The configured people and roles, resolved into `seats` when the stage starts. */
  approverIds?: UserId[]
  roles?: ApproverRole[]
  condition?: StageCondition | null
  /** How the seats were found; absent on stages started before roles existed. */
  resolution?: StageResolution | null
  seats: Seat[]
  startedAt: string | null
  endedAt: string | null
  /** Set when the stage ended: `approved` lets the next stage start; anything else ends the round. */
  outcome: Outcome | null
  /** When the stage deadline fires; `null` when it has none or it has fired for good. */
  dueAt: string | null
  /** Whether the stage deadline has escalated places at least once. */
  isEscalated: boolean
  /** How many levels up the structure the places have climbed (absent: 0 or 1 as `isEscalated` says). */
  escalationLevel?: number
  overdueAt: string | null
  remindersSent: number
  nextReminderAt: string | null
}

/** One pass of the approval through its stages. A resubmission starts a new round; old rounds stay as history. */
export interface Round {
  /** 1, 2, 3… */
  number: number
  /** Title and description as they were in this round. */
  title: string
  description: string
  startedAt: string
  endedAt: string | null
  outcome: Outcome | null
  /** Index of the active (or last active) stage. */
  stageIndex: number
  stages: StageState[]
}

/**
 * The automation rule that started an approval, as it was then: its name for the approval page, and the deal
 * stage (or lead status) the subject moves to when the approval is approved or rejected (`null` = it stays).
 */
export interface RuleOrigin {
  id: string
  name: string
  stageOnApproved: string | null
  stageOnRejected: string | null
}

/** An approval request of one portal, with its whole history. */
export interface Approval {
  id: string
  /** The portal's `member_id`. */
  memberId: string
  title: string
  description: string
  initiatorId: UserId
  subject: Subject | null
  templateId: string | null
  commentPolicy: CommentPolicy
  /**
   * Whether approvers may send the approval back for revision, fixed at
   * creation from the draft, the template or the portal's default. Absent on approvals stored before the option
   * existed: those allow it. Read it through `canSendBack` (`permissions.ts`), never directly.
   */
  isSendBackAllowed?: boolean
  /**
   * Whether the initiator may hold a place (the portal's setting when the approval was started). Absent on
   * approvals stored before the setting existed: those do not allow it. Read it through `canSelfApprove`.
   */
  isSelfApprovalAllowed?: boolean
  reminders: ReminderPolicy | null
  /** When each approver (by user id) was last reminded of this approval; absent until the first reminder. */
  remindedAt?: Record<string, string>
  deadline: ApprovalDeadline | null
  /** The stages of the next round (edited on resubmission); each round keeps its own copy. */
  stages: StageDefinition[]
  /** `event_token` of the Bitrix24 robot or business-process activity that started it; gets `robot-result`. */
  robotEventToken: string | null
  /** What started it when not a person in the app; absent on approvals started by hand. */
  origin?: ApprovalOrigin | null
  /** The automation rule that started it; absent or `null` when a person or a robot did. */
  rule?: RuleOrigin | null
  /** The files the initiator attached (issue 21); absent on approvals without any. */
  attachments?: ApprovalAttachment[]
  status: ApprovalStatus
  rounds: Round[]
  /** Set when the approval-level deadline marked the approval overdue. */
  overdueAt: string | null
  createdAt: string
  updatedAt: string
  closedAt: string | null
  audit: AuditEntry[]
}

/** A person acting, with their portal role. */
export interface Actor {
  userId: UserId
  isAdmin: boolean
}

/** What every transition is given besides the state and the command: time, channel and working calendar. */
export interface DomainContext {
  now: Date
  channel: Channel
  calendar: WorkingCalendar
  /** The least time between two reminders of one approver about one approval (default one hour). */
  reminderIntervalMs?: number
  /** Who roles and absences name when a stage starts; without it, stages seat only their named approvers. */
  directory?: Directory
}

/** An absence: during `[startsAt, endsAt)` the user's new places go to `deputyId` (when set). */
export interface Absence {
  userId: UserId
  startsAt: string
  endsAt: string
  deputyId: UserId | null
}

/** A user deactivated in Bitrix24, with the departments they were in (the structure lists active users only). */
export interface Leaver {
  userId: UserId
  departmentIds: number[]
}

/** What resolving a stage's approvers reads: the portal's structure, the absences and the leavers known now. */
export interface Directory {
  org: OrgStructure
  absences: Absence[]
  /** Deactivated users: their places go to their nearest head when a stage starts. Absent: nobody left. */
  leavers?: Leaver[]
  /**
   * The members of the workgroups the stages still to start name, by group id, as the portal lists them now;
   * a group left out (or the portal does not show) has nobody.
   */
  groups?: Record<string, UserId[]>
}
