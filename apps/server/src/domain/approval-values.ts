/**
 * @module The plain values of approvals that the API, the domain and the SPA share: the limits of their inputs and
 * the value lists of their choices. Free of zod, so the SPA's first page can use them without the schema library.
 */
import type {
  ApprovalStatus,
  ApproverRole,
  ChainEndAction,
  CommentPolicy,
  DecisionRule,
  TimeoutAction,
} from './approval.ts'

/** Most approvers in one stage. */
export const MAX_APPROVERS_PER_STAGE = 50
/** Most roles in one stage. */
export const MAX_ROLES_PER_STAGE = 10
/** Most stages in one approval. */
export const MAX_STAGES = 10
/** Most places in one approval, all stages together (each place is a Bitrix24 task and a notice). */
export const MAX_APPROVERS_PER_APPROVAL = 100
/** Longest title of an approval or a template. */
export const MAX_TITLE_LENGTH = 255
/** Longest description of an approval or a template. */
export const MAX_DESCRIPTION_LENGTH = 4000
/** Longest stage deadline, in working hours (about a working year). */
export const MAX_DEADLINE_WORKING_HOURS = 2000
/** Longest interval between two reminders, in working hours. */
export const MAX_REMINDER_INTERVAL_WORKING_HOURS = 200
/** Most reminders per stage. */
export const MAX_REMINDERS_PER_STAGE = 20

/** Every status of an approval, in the order lists offer them. */
export const approvalStatuses = [
  'pending',
  'approved',
  'rejected',
  'returned',
  'cancelled',
  'expired',
] as const satisfies readonly ApprovalStatus[]
/** The decision rules' kinds, in the order forms offer them. */
export const ruleKinds = ['all', 'any', 'quorum', 'percent'] as const satisfies readonly DecisionRule['kind'][]
/** What a passed deadline does, the mildest first. */
export const timeoutActions = [
  'mark-overdue',
  'reject',
  'approve',
  'escalate',
] as const satisfies readonly TimeoutAction[]
/** What ends an escalation chain at the top of the structure, the mildest first. */
export const chainEndActions = ['mark-overdue', 'reject', 'approve'] as const satisfies readonly ChainEndAction[]
/** The kinds of approver roles, in the order forms offer them. */
export const approverRoleKinds = [
  'initiator-head',
  'responsible',
  'department-head',
  'department-members',
  'group-members',
] as const satisfies readonly ApproverRole['kind'][]
/** When approvers must comment, from never to always. */
export const commentPolicies = [
  'none',
  'optional',
  'required-on-reject',
  'required-on-reject-or-send-back',
  'always',
] as const satisfies readonly CommentPolicy[]
/** The kinds of Bitrix24 item an approval can be about. */
export const subjectKinds = ['deal', 'lead', 'task'] as const
/** The orders a list of approvals is read in: by creation, newest or oldest first, or the soonest deadline first. */
export const approvalSorts = ['newest', 'oldest', 'deadline'] as const
/** Whose approvals a list holds: those the caller answers, those they started, or every one they may see. */
export const approvalListRoles = ['approver', 'initiator', 'all'] as const
