/**
 * @module What a robot call asks for, read from the values the portal sent: the document it runs on and the
 * approval its properties describe. Anything unusable becomes a {@link RobotProblem} (the robot then ends with
 * `error`), never an exception: the portal calls a robot once, so the pipeline must always get an answer.
 */
import {
  commentPolicies,
  ruleKinds,
  timeoutActions,
  type CommentPolicy,
  type DecisionRule,
  type TimeoutAction,
  type UserId,
} from '../../domain/index.ts'
import type { CrmDocumentRef } from '../../ports/portal.ts'

/** Why a robot call could not start an approval, in both languages the app writes in. */
export interface RobotProblem {
  code: string
  en: string
  ru: string
}

/** A problem with its words. */
export function robotProblem(code: string, en: string, ru: string): RobotProblem {
  return { code, en, ru }
}

/** The approval a robot's properties describe. */
export interface RobotOrder {
  approverIds: UserId[]
  rule: DecisionRule
  title: string
  description: string
  /** Working hours; 0 means no deadline. */
  deadlineHours: number
  timeoutAction: TimeoutAction
  commentPolicy: CommentPolicy
  /** A template's id whose stages replace the approvers. */
  templateId: string | null
  /** Attach the files of the document's timeline comments (`attach_files`, a `bool` property: `Y` / `N`). */
  isAttachingFiles: boolean
}

type Reading<T> = { ok: true; value: T } | { ok: false; problem: RobotProblem }

const fail = (problem: RobotProblem): { ok: false; problem: RobotProblem } => ({ ok: false, problem })

/** The deal or lead a `document_id` (`['crm', 'CCrmDocumentDeal', 'DEAL_12']`) names. */
export function readDocument(documentId: readonly string[]): Reading<CrmDocumentRef> {
  const [module, , id = ''] = documentId
  const match = /^(DEAL|LEAD)_(\d{1,15})$/.exec(id)
  if (module !== 'crm' || !match) {
    const name = documentId.join(', ')
    return fail(
      robotProblem(
        'UNSUPPORTED_DOCUMENT',
        `The robot runs on deals and leads only, not on ${name}`,
        `Робот работает только со сделками и лидами, а не с ${name}`,
      ),
    )
  }
  return { ok: true, value: { kind: match[1] === 'DEAL' ? 'deal' : 'lead', id: Number(match[2]) } }
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '')

/** Users as a `user` property holds them: `user_12` (or a bare id), one or a list; anything else is named. */
function readApprovers(value: unknown): Reading<UserId[]> {
  const raw = (Array.isArray(value) ? value : [value]).map(text).filter((v) => v !== '')
  if (raw.length === 0) {
    return fail(robotProblem('NO_APPROVERS', 'No approvers are set', 'Не заданы согласующие'))
  }
  const ids: UserId[] = []
  for (const item of raw) {
    const match = /^(?:user_)?(\d{1,10})$/.exec(item)
    if (!match || Number(match[1]) === 0) {
      return fail(
        robotProblem('UNKNOWN_APPROVER', `"${item}" is not a portal user`, `«${item}» — не сотрудник портала`),
      )
    }
    ids.push(Number(match[1]))
  }
  return { ok: true, value: [...new Set(ids)] }
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T | null {
  const given = text(value)
  if (given === '') return fallback
  return (allowed as readonly string[]).includes(given) ? (given as T) : null
}

function readRule(kind: DecisionRule['kind'], value: unknown): Reading<DecisionRule> {
  if (kind === 'all' || kind === 'any') return { ok: true, value: { kind } }
  const n = Number(text(value) || String(value ?? ''))
  const bad = (what: string, ru: string) => fail(robotProblem('INVALID_RULE', what, ru))
  if (kind === 'quorum') {
    if (!Number.isInteger(n) || n < 1)
      return bad('The quorum needs a whole number ≥ 1', 'Для кворума нужно целое число ≥ 1')
    return { ok: true, value: { kind, count: n } }
  }
  if (!Number.isInteger(n) || n < 1 || n > 100)
    return bad('The percent must be 1–100', 'Процент должен быть от 1 до 100')
  return { ok: true, value: { kind, percent: n } }
}

function invalid(name: string, value: unknown): { ok: false; problem: RobotProblem } {
  const shown = text(value) || String(value)
  return fail(
    robotProblem('INVALID_PROPERTY', `${name}: "${shown}" is not allowed`, `${name}: значение «${shown}» недопустимо`),
  )
}

/** Reads the robot's properties (as the portal resolved them) into the approval they describe. */
export function readRobotOrder(properties: Record<string, unknown>): Reading<RobotOrder> {
  const templateId = text(properties['template']) || null
  const approvers = readApprovers(properties['approvers'])
  if (!approvers.ok && templateId === null) return approvers
  const kind = oneOf(properties['rule'], ruleKinds, 'all')
  if (kind === null) return invalid('rule', properties['rule'])
  const rule = readRule(kind, properties['rule_value'])
  if (!rule.ok) return rule
  const count = approvers.ok ? approvers.value.length : 0
  if (rule.value.kind === 'quorum' && templateId === null && rule.value.count > count) {
    const { count: quorum } = rule.value
    return fail(
      robotProblem(
        'INVALID_RULE',
        `Quorum ${quorum} exceeds the ${count} approvers`,
        `Кворум ${quorum} больше числа согласующих (${count})`,
      ),
    )
  }
  const timeoutAction = oneOf(properties['timeout_action'], timeoutActions, 'reject')
  if (timeoutAction === null) return invalid('timeout_action', properties['timeout_action'])
  const commentPolicy = oneOf(properties['comment_policy'], commentPolicies, 'required-on-reject')
  if (commentPolicy === null) return invalid('comment_policy', properties['comment_policy'])
  const hours = text(properties['deadline_hours']) === '' ? 0 : Number(text(properties['deadline_hours']))
  if (!Number.isFinite(hours) || hours < 0) return invalid('deadline_hours', properties['deadline_hours'])
  return {
    ok: true,
    value: {
      ...{ approverIds: approvers.ok ? approvers.value : [], rule: rule.value, templateId },
      ...{ title: text(properties['title']), description: text(properties['description']) },
      ...{ deadlineHours: hours, timeoutAction, commentPolicy },
      isAttachingFiles: ['Y', 'y', '1', 'true'].includes(text(properties['attach_files'])),
    },
  }
}
