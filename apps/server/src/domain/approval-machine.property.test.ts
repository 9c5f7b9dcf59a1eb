/**
 * Property tests: random sequences of answers, reassignments, timeouts, reminders, cancels and resubmissions under every
 * rule agree with a small reference model written here independently of the machine.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Approval, CommentPolicy, DecisionRule, ResponseKind, TimeoutAction } from './approval.ts'
import type { ApprovalCommand } from './approval-commands.ts'
import { createApproval } from './approval-create.ts'
import { ctxAt, INITIATOR, START } from '../test-support/approval-builders.ts'
import { applyCommand } from './approval-machine.ts'
import { nextDueTimes } from './deadlines.ts'
import type { OrgStructure } from './escalation.ts'

// Approvers come from 10–19; users 20–22 are outsiders in no department. Everyone in 10–19 works in department 2
// (head 51), under the root (head 50), so an escalation hands their places to 51, then 50, then the initiator; an
// outsider's place goes to the initiator.
const org: OrgStructure = {
  departments: [
    { id: 1, parentId: null, headId: 50 },
    { id: 2, parentId: 1, headId: 51 },
  ],
  userDepartments: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(10 + i), [2]])),
}
const ADMIN = 1

// ---------- the reference model ----------

interface ModelSeat {
  holder: number
  /** Who held the place when the round began. */
  original: number
  answer: ResponseKind | null
}
interface ModelStage {
  rule: DecisionRule
  action: TimeoutAction | null
  seats: ModelSeat[]
  hasDeadline: boolean
  escalated: boolean
  remindersLeft: number
}
interface Model {
  status: Approval['status']
  round: number
  stage: number
  stages: ModelStage[]
  definitions: { approverIds: number[]; rule: DecisionRule; action: TimeoutAction | null }[]
  policy: CommentPolicy
  maxReminders: number
}

const needed = (rule: DecisionRule, n: number): number => {
  if (rule.kind === 'all') return n
  if (rule.kind === 'any' || rule.kind === 'quorum') return rule.kind === 'any' ? 1 : rule.count
  let k = 1
  while (k * 100 < rule.percent * n) k += 1
  return k
}

const freshStages = (m: Model): ModelStage[] =>
  m.definitions.map((d) => ({
    rule: d.rule,
    action: d.action,
    seats: d.approverIds.map((holder) => ({ holder, original: holder, answer: null })),
    hasDeadline: false,
    escalated: false,
    remindersLeft: 0,
  }))

const startStage = (m: Model): void => {
  const stage = m.stages[m.stage]!
  stage.hasDeadline = stage.action !== null
  stage.remindersLeft = m.maxReminders
}

const passStage = (m: Model): void => {
  if (m.stage === m.stages.length - 1) m.status = 'approved'
  else {
    m.stage += 1
    startStage(m)
  }
}

const commentNeeded: Record<CommentPolicy, ResponseKind[]> = {
  none: [],
  optional: [],
  'required-on-reject': ['reject'],
  'required-on-reject-or-send-back': ['reject', 'send-back'],
  always: ['approve', 'reject', 'send-back'],
}

/** The place a user would answer in, or the refusal the model expects. */
const placeOf = (m: Model, userId: number): ModelSeat | string => {
  const seat = m.stages[m.stage]!.seats.find((s) => s.holder === userId)
  if (seat) return seat.answer === null ? seat : 'ALREADY_ANSWERED'
  if (m.stages.slice(m.stage + 1).some((st) => st.seats.some((s) => s.holder === userId))) return 'NOT_YOUR_TURN'
  const earlier = m.stages.slice(0, m.stage).flatMap((st) => st.seats.filter((s) => s.holder === userId))
  if (earlier.some((s) => s.answer !== null)) return 'ALREADY_ANSWERED'
  return earlier.length > 0 ? 'ALREADY_DECIDED' : 'NOT_AN_APPROVER'
}

const isClosed = (m: Model) => !['pending', 'returned'].includes(m.status)

function modelDecide(m: Model, userId: number, response: ResponseKind, comment: boolean): string | null {
  if (m.status !== 'pending') return 'ALREADY_DECIDED'
  const seat = placeOf(m, userId)
  if (typeof seat === 'string') return seat
  if (!comment && commentNeeded[m.policy].includes(response)) return 'COMMENT_REQUIRED'
  if (comment && m.policy === 'none') return 'COMMENT_NOT_ALLOWED'
  seat.answer = response
  if (response === 'send-back') {
    m.status = 'returned'
    return null
  }
  const stage = m.stages[m.stage]!
  const approvals = stage.seats.filter((s) => s.answer === 'approve').length
  const rejections = stage.seats.filter((s) => s.answer === 'reject').length
  const need = needed(stage.rule, stage.seats.length)
  if (stage.rule.kind === 'any') {
    if (response === 'approve') passStage(m)
    else m.status = 'rejected'
  } else if (approvals >= need) passStage(m)
  else if (rejections > stage.seats.length - need) m.status = 'rejected'
  return null
}

function modelReassign(m: Model, actor: number, from: number, to: number): string | null {
  if (isClosed(m)) return 'ALREADY_DECIDED'
  if (m.status === 'returned') return 'AWAITING_RESUBMIT'
  if (actor !== from && actor !== ADMIN) return 'NOT_ALLOWED'
  const seat = placeOf(m, from)
  if (typeof seat === 'string') return seat
  if (m.stages[m.stage]!.seats.some((s) => s.holder === to)) return 'ALREADY_AN_APPROVER'
  seat.holder = to
  return null
}

function modelTimeout(m: Model): string | null {
  if (isClosed(m)) return 'ALREADY_DECIDED'
  const stage = m.stages[m.stage]!
  if (m.status === 'returned' || !stage.hasDeadline) return 'NOT_DUE'
  if (stage.action === 'reject') m.status = 'expired'
  else if (stage.action === 'approve') passStage(m)
  else if (stage.action === 'escalate') {
    // First level: an approver from department 2 goes up to 51, then 50, then the initiator; an outsider (20–22,
    // in no department) has no heads and goes straight to the initiator. Later levels climb the heads above the
    // place's first holder (51, then 50) and never fall back to the initiator; at the top the stage is only
    // marked overdue. Nobody gets a second place in the stage.
    const taken = new Set(stage.seats.map((s) => s.holder))
    const inDepartment = (u: number) => u >= 10 && u <= 19
    const chainAbove = (seat: ModelSeat): number[] => {
      const chain = inDepartment(seat.original) ? [51, 50] : []
      const at = chain.indexOf(seat.holder)
      if (at >= 0) return chain.slice(at + 1)
      return inDepartment(seat.holder) ? [51, 50] : []
    }
    let handedOver = false
    for (const seat of stage.seats.filter((s) => s.answer === null)) {
      const candidates = stage.escalated
        ? chainAbove(seat)
        : inDepartment(seat.holder)
          ? [51, 50, INITIATOR]
          : [INITIATOR]
      const target = candidates.find((u) => !taken.has(u) && u !== seat.holder)
      if (target === undefined) continue
      taken.add(target)
      seat.holder = target
      handedOver = true
    }
    if (handedOver) stage.escalated = true
    else stage.hasDeadline = false
  } else stage.hasDeadline = false
  return null
}

function modelStep(m: Model, step: Step): string | null {
  switch (step.kind) {
    case 'decide':
      return modelDecide(m, step.userId, step.response, step.comment)
    case 'reassign':
      return modelReassign(m, step.actor, step.from, step.to)
    case 'timeout':
      return modelTimeout(m)
    case 'reminder': {
      if (isClosed(m)) return 'ALREADY_DECIDED'
      const stage = m.stages[m.stage]!
      if (m.status === 'returned' || stage.remindersLeft === 0) return 'NOT_DUE'
      stage.remindersLeft -= 1
      return null
    }
    case 'cancel':
      if (isClosed(m)) return 'ALREADY_DECIDED'
      m.status = 'cancelled'
      return null
    case 'resubmit':
      if (isClosed(m)) return 'ALREADY_DECIDED'
      if (m.status !== 'returned') return 'NOT_RETURNED'
      Object.assign(m, { status: 'pending', round: m.round + 1, stage: 0, stages: freshStages(m) })
      startStage(m)
      return null
  }
}

// ---------- generators ----------

type Step =
  | { kind: 'decide'; userId: number; response: ResponseKind; comment: boolean; minutes: number }
  | { kind: 'reassign'; actor: number; from: number; to: number; minutes: number }
  | { kind: 'timeout'; minutes: number }
  | { kind: 'reminder'; minutes: number }
  | { kind: 'cancel'; minutes: number }
  | { kind: 'resubmit'; minutes: number }

const ruleArb = (n: number): fc.Arbitrary<DecisionRule> =>
  fc.oneof(
    fc.constant<DecisionRule>({ kind: 'all' }),
    fc.constant<DecisionRule>({ kind: 'any' }),
    fc.integer({ min: 1, max: n }).map<DecisionRule>((count) => ({ kind: 'quorum', count })),
    fc.integer({ min: 1, max: 100 }).map<DecisionRule>((percent) => ({ kind: 'percent', percent })),
  )

const stageArb = fc.uniqueArray(fc.integer({ min: 10, max: 19 }), { minLength: 1, maxLength: 6 }).chain((ids) =>
  fc.record({
    approverIds: fc.constant(ids),
    rule: ruleArb(ids.length),
    action: fc.option(fc.constantFrom<TimeoutAction>('reject', 'approve', 'escalate', 'mark-overdue')),
  }),
)

const minutes = fc.integer({ min: 0, max: 300 })
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      userId: fc.integer({ min: 10, max: 22 }),
      response: fc.constantFrom<ResponseKind>('approve', 'approve', 'reject', 'send-back'),
      comment: fc.boolean(),
      minutes,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reassign' as const),
      actor: fc.constantFrom(ADMIN, 10, 11, 12, 13, 20),
      from: fc.integer({ min: 10, max: 19 }),
      to: fc.integer({ min: 10, max: 22 }),
      minutes,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('timeout' as const), minutes }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reminder' as const), minutes }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resubmit' as const), minutes }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), minutes }) },
)

const scenarioArb = fc.record({
  stages: fc.array(stageArb, { minLength: 1, maxLength: 3 }),
  policy: fc.constantFrom<CommentPolicy>(
    'none',
    'optional',
    'required-on-reject',
    'required-on-reject-or-send-back',
    'always',
  ),
  reminders: fc.option(
    fc.record({ everyWorkingHours: fc.integer({ min: 1, max: 4 }), maxCount: fc.integer({ min: 1, max: 3 }) }),
  ),
  steps: fc.array(stepArb, { maxLength: 30 }),
})
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never

// ---------- running a scenario through the machine ----------

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

const toCommand = (step: Step): ApprovalCommand => {
  switch (step.kind) {
    case 'decide':
      return {
        type: 'decide',
        actor: { userId: step.userId, isAdmin: false },
        response: step.response,
        comment: step.comment ? 'because' : null,
      }
    case 'reassign':
      return {
        type: 'reassign',
        actor: { userId: step.actor, isAdmin: step.actor === ADMIN },
        fromUserId: step.from,
        toUserId: step.to,
        reason: 'away',
      }
    case 'timeout':
      return { type: 'deadline-due', org }
    case 'reminder':
      return { type: 'reminder-due' }
    case 'cancel':
      return { type: 'cancel', actor: { userId: INITIATOR, isAdmin: false }, reason: 'changed plans' }
    case 'resubmit':
      return { type: 'resubmit', actor: { userId: INITIATOR, isAdmin: false }, changes: {} }
  }
}

interface Observation {
  step: Step
  before: Approval
  after: Approval
  code: string | null
  expected: string | null
  model: Model
}

function run(scenario: Scenario, observe: (o: Observation) => void): void {
  const draft = {
    title: 'Property',
    commentPolicy: scenario.policy,
    reminders: scenario.reminders,
    stages: scenario.stages.map((s) => ({
      approverIds: s.approverIds,
      rule: s.rule,
      deadline: s.action === null ? null : { workingHours: 3, action: s.action },
    })),
  }
  // Self-approval is allowed here, so the initiator is the last resort of an escalation as the model says.
  const command = { draft, memberId: 'm1', initiatorId: INITIATOR, isSelfApprovalAllowed: true }
  const created = createApproval(command, { ...ctxAt(START), id: 'A1' })
  if (!created.ok) throw new Error(`fixture draft refused: ${created.code}`)
  let state = deepFreeze(created.state)
  const definitions = scenario.stages.map((s) => ({ approverIds: s.approverIds, rule: s.rule, action: s.action }))
  const maxReminders = scenario.reminders?.maxCount ?? 0
  const model: Model = {
    status: 'pending',
    round: 1,
    stage: 0,
    stages: [],
    definitions,
    policy: scenario.policy,
    maxReminders,
  }
  model.stages = freshStages(model)
  startStage(model)
  let now = Date.parse(START)
  for (const step of scenario.steps) {
    now += step.minutes * 60_000
    const { deadlineAt, reminderAt } = nextDueTimes(state)
    if (step.kind === 'timeout' && deadlineAt !== null) now = Math.max(now, Date.parse(deadlineAt))
    if (step.kind === 'reminder' && reminderAt !== null) now = Math.max(now, Date.parse(reminderAt))
    const result = applyCommand(state, toCommand(step), ctxAt(new Date(now).toISOString()))
    const expected = modelStep(model, step)
    const before = state
    if (result.ok) state = deepFreeze(result.state)
    observe({ step, before, after: state, code: result.ok ? null : result.code, expected, model })
  }
}

const holdersAndAnswers = (approval: Approval) =>
  approval.rounds.at(-1)!.stages.map((stage) => stage.seats.map((s) => [s.userId, s.response?.kind ?? null]))
const modelHoldersAndAnswers = (m: Model) => m.stages.map((stage) => stage.seats.map((s) => [s.holder, s.answer]))

/** Found by fast-check: a place reassigned to an outsider (no department) escalates to the initiator. */
const outsiderEscalates: Scenario = {
  stages: [
    { approverIds: [10, 18, 13, 16], rule: { kind: 'quorum', count: 1 }, action: 'escalate' },
    { approverIds: [10], rule: { kind: 'any' }, action: null },
  ],
  policy: 'none',
  reminders: null,
  steps: [
    { kind: 'reassign', actor: 1, from: 10, to: 20, minutes: 0 },
    { kind: 'timeout', minutes: 0 },
  ],
}

describe('approval machine properties', () => {
  it('agrees with the reference model on every step', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        run(scenario, ({ code, expected, after, model }) => {
          expect(code).toBe(expected)
          expect(after.status).toBe(model.status)
          expect(after.rounds.length).toBe(model.round)
          expect(holdersAndAnswers(after)).toEqual(modelHoldersAndAnswers(model))
          if (after.status === 'pending') {
            expect(after.rounds.at(-1)!.stageIndex).toBe(model.stage)
            expect(nextDueTimes(after).deadlineAt !== null).toBe(model.stages[model.stage]!.hasDeadline)
            expect(nextDueTimes(after).reminderAt !== null).toBe(model.stages[model.stage]!.remindersLeft > 0)
          }
        })
      }),
      { numRuns: 400, examples: [[outsiderEscalates]] },
    )
  })

  it('changes nothing after a terminal outcome, and refuses without changing the state', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        run(scenario, ({ before, after, code }) => {
          if (code !== null) expect(after).toBe(before)
          if (!['pending', 'returned'].includes(before.status)) expect(code).toBe('ALREADY_DECIDED')
        })
      }),
      { numRuns: 300 },
    )
  })

  it('keeps one audit entry per accepted command and at most one answer per place and round', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        let last: Approval | null = null
        let acceptedCount = 0
        run(scenario, ({ after, code }) => {
          if (code === null) acceptedCount += 1
          last = after
        })
        if (last === null) return
        const final: Approval = last
        expect(final.audit.length).toBe(1 + acceptedCount)
        expect(final.audit.map((entry) => entry.seq)).toEqual(final.audit.map((_, i) => i + 1))
        for (const round of final.rounds) {
          const answers = final.audit.filter(
            (e) => e.round === round.number && ['approve', 'reject', 'send-back'].includes(e.action),
          )
          const answered = round.stages.flatMap((stage) => stage.seats.filter((seat) => seat.response !== null))
          expect(answers.length).toBe(answered.length)
          const keys = answers.map((e) => `${e.stageIndex}:${e.actorId}`)
          expect(new Set(keys).size).toBe(keys.length)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('quorum and percent stages fail exactly when the target can no longer be reached', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        run(scenario, ({ step, before, after, code }) => {
          if (step.kind !== 'decide' || code !== null || step.response === 'send-back') return
          const round = before.rounds.at(-1)!
          const stage = after.rounds.at(-1)!.stages[round.stageIndex]!
          if (stage.rule.kind !== 'quorum' && stage.rule.kind !== 'percent') return
          const approvals = stage.seats.filter((s) => s.response?.kind === 'approve').length
          const open = stage.seats.filter((s) => s.response === null).length
          const need =
            stage.rule.kind === 'quorum' ? stage.rule.count : Math.ceil((stage.rule.percent * stage.seats.length) / 100)
          expect(stage.outcome === 'rejected').toBe(approvals + open < need)
          expect(stage.outcome === 'approved').toBe(approvals >= need)
        })
      }),
      { numRuns: 300 },
    )
  })
})
