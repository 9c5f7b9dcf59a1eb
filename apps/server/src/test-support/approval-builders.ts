/**
 * @module Builders for domain tests: a Moscow working calendar, contexts at literal instants, started
 * approvals and command shorthands, for tests of the domain and of services that turn approvals into effects.
 */
import type { Approval, Channel, DomainContext, ResponseKind, UserId } from '../domain/approval.ts'
import type { ApprovalCommand, Transition, TransitionResult } from '../domain/approval-commands.ts'
import { createApproval } from '../domain/approval-create.ts'
import { applyCommand } from '../domain/approval-machine.ts'
import type { ApprovalDraftInput } from '../domain/approval-schemas.ts'
import type { WorkingCalendar } from '../domain/working-time.ts'

/** Monday–Friday 9:00–18:00 in Moscow (UTC+3). */
export const moscowCalendar: WorkingCalendar = {
  timeZone: 'Europe/Moscow',
  workingDays: [1, 2, 3, 4, 5],
  startHour: 9,
  endHour: 18,
  holidays: [],
}

/** Wednesday 2026-11-25 09:00 Moscow. */
export const START = '2026-11-25T06:00:00.000Z'

/** The initiator of fixture approvals. */
export const INITIATOR = 3

/** A context at `at` (ISO) on `channel`. */
export function ctxAt(at: string, channel: Channel = 'web'): DomainContext {
  return { now: new Date(at), channel, calendar: moscowCalendar }
}

/** A one-stage draft with approvers 10, 11, 12 under `all`, overridable. */
export function draftOf(overrides: Partial<ApprovalDraftInput> = {}): ApprovalDraftInput {
  return {
    title: 'Discount 15% for ООО «Вектор»',
    description: 'Deal #42, 1 200 000 RUB',
    stages: [{ approverIds: [10, 11, 12], rule: { kind: 'all' } }],
    ...overrides,
  }
}

/** Asserts that a result is a transition and returns it. */
export function accepted(result: TransitionResult): Transition {
  if (!result.ok) throw new Error(`Expected a transition, got ${result.code}: ${result.message}`)
  return result
}

/**
 * An approval created by {@link INITIATOR} at {@link START} from `draftOf(overrides)`; `isSelfApprovalAllowed`
 * is the portal's setting (off by default, as in a new portal).
 */
export function startApproval(
  overrides: Partial<ApprovalDraftInput> = {},
  robotEventToken?: string,
  isSelfApprovalAllowed = false,
): Approval {
  const draft = draftOf(overrides)
  const command = { draft, memberId: 'a1b2c3', initiatorId: INITIATOR, robotEventToken, isSelfApprovalAllowed }
  return accepted(createApproval(command, { ...ctxAt(START), id: '01JDAPPROVAL00000000000001' })).state
}

/** A decision by a non-admin user. */
export function answer(userId: UserId, response: ResponseKind, comment?: string): ApprovalCommand {
  return { type: 'decide', actor: { userId, isAdmin: false }, response, comment }
}

/** Applies commands one after the other at `at`, each of which must be accepted; returns the last state. */
export function applyAll(approval: Approval, commands: ApprovalCommand[], at: string = START): Approval {
  return commands.reduce((state, command) => accepted(applyCommand(state, command, ctxAt(at))).state, approval)
}
