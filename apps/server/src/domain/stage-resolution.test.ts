import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accepted, ctxAt, draftOf, INITIATOR, START } from '../test-support/approval-builders.ts'
import type { Absence, Approval, Directory, StageDefinition } from './approval.ts'
import type { ApprovalDraftInput } from './approval-schemas.ts'
import { createApproval } from './approval-create.ts'
import { applyCommand } from './approval-machine.ts'
import type { OrgStructure } from './escalation.ts'
import { deputyOf, planStage, skipReason } from './stage-resolution.ts'

// Company (head 1) → sales (2, head 2) → key accounts (6, head 5); finance (3, head 6). The initiator (3) works
// in key accounts; 4 and 7 in sales; 8 and 9 in finance.
const org: OrgStructure = {
  departments: [
    { id: 1, parentId: null, headId: 1 },
    { id: 2, parentId: 1, headId: 2 },
    { id: 3, parentId: 1, headId: 6 },
    { id: 6, parentId: 2, headId: 5 },
  ],
  userDepartments: { '1': [1], '2': [2], '3': [6], '4': [2], '5': [6], '6': [3], '7': [2], '8': [3], '9': [3] },
}
const HOUR = 3_600_000
const at = (offsetHours: number) => new Date(Date.parse(START) + offsetHours * HOUR).toISOString()
const away = (userId: number, deputyId: number | null, from = -24, to = 24): Absence => ({
  userId,
  deputyId,
  startsAt: at(from),
  endsAt: at(to),
})
const directoryOf = (absences: Absence[] = []): Directory => ({ org, absences })
const deal = { kind: 'deal' as const, id: 42, title: 'Vector', url: null, responsibleId: 7 }

function start(overrides: Partial<ApprovalDraftInput>, absences: Absence[] = [], selfAllowed = false): Approval {
  const command = {
    draft: draftOf(overrides),
    memberId: 'a1b2c3',
    initiatorId: INITIATOR,
    isSelfApprovalAllowed: selfAllowed,
  }
  const ctx = { ...ctxAt(START), id: '01JDAPPROVAL00000000000001', directory: directoryOf(absences) }
  return accepted(createApproval(command, ctx)).state
}

const stage = (def: Partial<StageDefinition>): StageDefinition => ({
  approverIds: [],
  rule: { kind: 'all' },
  deadline: null,
  ...def,
})

describe('approvers by role', () => {
  it.each([
    [{ kind: 'initiator-head' as const }, [5]],
    [{ kind: 'responsible' as const }, [7]],
    [{ kind: 'department-head' as const, departmentId: 3 }, [6]],
    [{ kind: 'department-members' as const, departmentId: 3 }, [6, 8, 9]],
    [{ kind: 'department-members' as const, departmentId: 2 }, [2, 4, 7]],
  ])('%j is resolved when the stage starts → %j', (role, userIds) => {
    const approval = start({ subject: { ...deal, amount: 10, currency: 'RUB' }, stages: [stage({ roles: [role] })] })
    const first = approval.rounds[0]!.stages[0]!
    expect(first.seats.map((s) => s.userId)).toEqual(userIds)
    expect(first.resolution).toEqual({ roles: [{ role, userIds }], delegations: [], skipped: null })
  })

  it('never seats the initiator through a role, nor anyone twice', () => {
    const roles = [{ kind: 'department-members' as const, departmentId: 6 }, { kind: 'initiator-head' as const }]
    const approval = start({ stages: [stage({ approverIds: [5], roles })] })
    expect(approval.rounds[0]!.stages[0]!.seats.map((s) => s.userId)).toEqual([5])
  })

  it('seats a workgroup’s members as the directory lists them: sorted, once each, never the initiator', () => {
    const approval = start({ stages: [stage({ approverIds: [8], roles: [{ kind: 'group-members', groupId: 5 }] })] })
    const groups = { '5': [9, INITIATOR, 8, 4, 9] }
    const role = { kind: 'group-members' as const, groupId: 5 }
    const plan = planStage(
      approval,
      { approverIds: [8], roles: [role], condition: null },
      { org, absences: [], groups },
      new Date(START),
      false,
    )
    expect(plan.seats.map((s) => s.userId)).toEqual([8, 4, 9])
    expect(plan.resolution.roles).toEqual([{ role, userIds: [4, 9] }])
    const unknown = { approverIds: [], roles: [{ kind: 'group-members' as const, groupId: 6 }], condition: null }
    expect(
      planStage(approval, unknown, { org, absences: [], groups }, new Date(START), false).resolution.skipped,
    ).toEqual({
      kind: 'no-approvers',
    })
  })

  it('caps a quorum at the seats the roles came to', () => {
    const roles = [{ kind: 'department-head' as const, departmentId: 3 }]
    const approval = start({ stages: [stage({ roles, rule: { kind: 'quorum', count: 3 } })] })
    expect(approval.rounds[0]!.stages[0]!.rule).toEqual({ kind: 'quorum', count: 1 })
  })

  it('refuses to start when a role names nobody now (no responsible on a plain request)', () => {
    const command = {
      draft: draftOf({ stages: [stage({ roles: [{ kind: 'responsible' }] })] }),
      memberId: 'm',
      initiatorId: 3,
    }
    const result = createApproval(command, {
      ...ctxAt(START),
      id: '01JDAPPROVAL00000000000002',
      directory: directoryOf(),
    })
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', issues: [{ path: 'stages.0.roles' }] })
  })

  it('resolves a later stage when it starts, with the structure of that moment', () => {
    const stages = [stage({ approverIds: [4] }), stage({ roles: [{ kind: 'department-head', departmentId: 3 }] })]
    const approval = start({ stages })
    const moved: Directory = {
      org: { ...org, departments: org.departments.map((d) => (d.id === 3 ? { ...d, headId: 9 } : d)) },
      absences: [],
    }
    const next = applyCommand(
      approval,
      { type: 'decide', actor: { userId: 4, isAdmin: false }, response: 'approve' },
      { ...ctxAt(at(1)), directory: moved },
    )
    expect(accepted(next).state.rounds[0]!.stages[1]!.seats.map((s) => s.userId)).toEqual([9])
  })
})

describe('routing by amount, pipeline and source', () => {
  const big = { minAmount: { amount: 1_000_000, currency: 'RUB' }, pipelineIds: null, sourceIds: null }
  it.each([
    [{ amount: 1_000_000, currency: 'RUB' }, null],
    [{ amount: 999_999, currency: 'RUB' }, 'amount-below'],
    [{ amount: 5_000_000, currency: 'USD' }, 'amount-below'],
    [{ amount: null, currency: null }, 'amount-below'],
  ])('amount %j → %s', (money, kind) => {
    expect(skipReason(big, { ...deal, ...money })?.kind ?? null).toBe(kind)
  })

  type RouteCase = { pipelineIds?: number[]; pipelineId?: number; sourceIds?: string[]; sourceId?: string }
  it.each<[RouteCase, string | null]>([
    [{ pipelineIds: [1], pipelineId: 1 }, null],
    [{ pipelineIds: [1], pipelineId: 0 }, 'pipeline-other'],
    [{ sourceIds: ['WEB'], sourceId: 'WEB' }, null],
    [{ sourceIds: ['WEB'], sourceId: 'CALL' }, 'source-other'],
  ])('%j → %s', (test, kind) => {
    const condition = { minAmount: null, pipelineIds: test.pipelineIds ?? null, sourceIds: test.sourceIds ?? null }
    const subject = {
      ...deal,
      amount: 1,
      currency: 'RUB',
      pipelineId: test.pipelineId ?? 0,
      sourceId: test.sourceId ?? null,
    }
    expect(skipReason(condition, subject)?.kind ?? null).toBe(kind)
  })

  it('passes over a stage that does not apply, saying why, and runs the next', () => {
    const stages = [stage({ approverIds: [4], condition: big }), stage({ approverIds: [8] })]
    const approval = start({ subject: { ...deal, amount: 500, currency: 'RUB' }, stages })
    const [skipped, running] = approval.rounds[0]!.stages
    expect(skipped!.resolution!.skipped).toEqual({
      kind: 'amount-below',
      amount: 500,
      currency: 'RUB',
      min: big.minAmount,
    })
    expect(skipped!.outcome).toBe('approved')
    expect(approval.rounds[0]!.stageIndex).toBe(1)
    expect(running!.seats.map((s) => s.userId)).toEqual([8])
    expect(approval.audit[0]!.stageIndex).toBe(1)
  })

  it('approves at once when no stage applies', () => {
    const approval = start({
      subject: { ...deal, amount: 500, currency: 'RUB' },
      stages: [stage({ approverIds: [4], condition: big })],
    })
    expect(approval.status).toBe('approved')
    expect(approval.audit[0]!.outcome).toBe('approved')
  })
})

describe('deputies', () => {
  it('seats the deputy of an absent approver, on their behalf', () => {
    const approval = start({ stages: [stage({ approverIds: [4, 8] })] }, [away(4, 9)])
    const first = approval.rounds[0]!.stages[0]!
    expect(first.seats).toEqual([
      { userId: 9, originalUserId: 4, onBehalfOf: 4, response: null },
      { userId: 8, originalUserId: 8, response: null },
    ])
    expect(first.resolution!.delegations).toEqual([{ absentUserId: 4, deputyId: 9 }])
  })

  it.each([
    ['the absence has not begun', [away(4, 9, 1, 48)], 4],
    ['the absence is over', [away(4, 9, -48, -1)], 4],
    ['the deputy already decides in the stage', [away(4, 8)], 4],
    ['the deputy is the initiator', [away(4, INITIATOR)], 4],
    ['the deputy is away too: their deputy', [away(4, 9), away(9, 2)], 2],
    ['deputies point at each other', [away(4, 9), away(9, 4)], 4],
  ])('when %s, the place goes to %i', (_case, absences, holder) => {
    const approval = start({ stages: [stage({ approverIds: [4, 8] })] }, absences)
    expect(approval.rounds[0]!.stages[0]!.seats[0]!.userId).toBe(holder)
  })
})

describe('escalation chains', () => {
  const timeout = { type: 'deadline-due' as const, org }
  it('climbs one level per timeout with the clock reset, then applies the action after the chain', () => {
    const deadline = { workingHours: 1, action: 'escalate' as const, afterEscalation: 'reject' as const }
    let approval = start({ stages: [stage({ approverIds: [8], deadline })] })
    const holders: number[] = []
    for (let step = 1; step <= 3 && approval.status === 'pending'; step += 1) {
      const due = approval.rounds[0]!.stages[0]!.dueAt!
      approval = accepted(applyCommand(approval, timeout, ctxAt(due))).state
      holders.push(approval.rounds[0]!.stages[0]!.seats[0]!.userId)
    }
    // 8 (finance) → 6 (head of finance) → 1 (head of the company) → top: rejected as expired.
    expect(holders).toEqual([6, 1, 1])
    expect(approval.status).toBe('expired')
    const timeouts = approval.audit.filter((e) => e.action === 'timeout').map((e) => e.timeoutAction)
    expect(timeouts).toEqual(['escalate', 'escalate', 'reject'])
    expect(approval.rounds[0]!.stages[0]!.escalationLevel).toBe(2)
  })

  it('only marks the stage overdue at the top by default', () => {
    let approval = start({ stages: [stage({ approverIds: [2], deadline: { workingHours: 1, action: 'escalate' } })] })
    for (let step = 0; step < 2; step += 1) {
      approval = accepted(applyCommand(approval, timeout, ctxAt(approval.rounds[0]!.stages[0]!.dueAt!))).state
    }
    expect(approval.status).toBe('pending')
    expect(approval.rounds[0]!.stages[0]!.overdueAt).not.toBeNull()
  })
})

// ---------- properties ----------

const userArb = fc.integer({ min: 1, max: 12 })
const absenceArb = fc.record({
  userId: userArb,
  deputyId: fc.option(userArb, { nil: null }),
  from: fc.integer({ min: -48, max: 24 }),
  length: fc.integer({ min: 1, max: 72 }),
})
const roleArb = fc.oneof(
  fc.constant({ kind: 'initiator-head' as const }),
  fc.constant({ kind: 'responsible' as const }),
  fc.record({ kind: fc.constant('department-head' as const), departmentId: fc.constantFrom(1, 2, 3, 6) }),
  fc.record({ kind: fc.constant('department-members' as const), departmentId: fc.constantFrom(1, 2, 3, 6) }),
)

describe('planStage (properties)', () => {
  it('seats distinct people, never the initiator, each a named or role approver or the deputy of an absent one', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(userArb, { maxLength: 6 }),
        fc.uniqueArray(roleArb, { maxLength: 4, selector: (r) => JSON.stringify(r) }),
        fc.array(absenceArb, { maxLength: 8 }),
        (named, roles, spans) => {
          const approverIds = named.filter((id) => id !== INITIATOR)
          const absences = spans.map((a) => away(a.userId, a.deputyId, a.from, a.from + a.length))
          const approval = { initiatorId: INITIATOR, subject: deal } as Approval
          const now = new Date(START)
          const plan = planStage(approval, { approverIds, roles, condition: null }, directoryOf(absences), now, false)
          const holders = plan.seats.map((s) => s.userId)
          expect(new Set(holders).size).toBe(holders.length)
          expect(holders).not.toContain(INITIATOR)
          const chosen = [...approverIds, ...plan.resolution.roles.flatMap((r) => r.userIds)]
          for (const seat of plan.seats) {
            expect(chosen).toContain(seat.originalUserId)
            if (seat.onBehalfOf === undefined) expect(seat.userId).toBe(seat.originalUserId)
            else expect(seat.userId).toBe(deputyOf(absences, seat.originalUserId, now, new Set()) ?? seat.userId)
          }
          expect(plan.resolution.skipped === null).toBe(plan.seats.length > 0)
        },
      ),
    )
  })

  it('an amount condition holds exactly when the amount reaches the minimum in the same currency', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null }),
        fc.constantFrom('RUB', 'USD'),
        fc.integer({ min: 0, max: 2_000_000 }),
        (amount, currency, min) => {
          const condition = { minAmount: { amount: min, currency: 'RUB' }, pipelineIds: null, sourceIds: null }
          const holds = amount !== null && currency === 'RUB' && amount >= min
          expect(skipReason(condition, { ...deal, amount, currency }) === null).toBe(holds)
        },
      ),
    )
  })
})
