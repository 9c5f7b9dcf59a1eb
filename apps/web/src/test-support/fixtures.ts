/**
 * @module Test support: the app API's shapes as the server sends them (a list row, the portal's settings and
 * defaults), so each test states only what it varies.
 */
import type { ApprovalRow, SettingsDto } from '../api/types.ts'
import type { FormDefaults } from '../composables/approval-draft.ts'

/** A pending one-stage approval `id`, titled "Счёт <id>", started by user 3 and waiting for user 8. */
export function approvalRow(id: string, overrides: Partial<ApprovalRow> = {}): ApprovalRow {
  return {
    id,
    title: `Счёт ${id}`,
    status: 'pending',
    initiatorId: 3,
    subject: null,
    templateId: null,
    commentPolicy: 'required-on-reject',
    round: 1,
    stageNumber: 1,
    stageCount: 1,
    waitingFor: [8],
    overdueAt: null,
    dueAt: null,
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    closedAt: null,
    allowedActions: [],
    allowedResponses: [],
    ...overrides,
  }
}

/** Portal defaults that differ from the built-in ones in every field. */
export const portalDefaults: FormDefaults = {
  rule: { kind: 'percent', percent: 60 },
  stageDeadline: { workingHours: 16, action: 'escalate' },
  reminders: { everyWorkingHours: 4, maxCount: 2 },
  commentPolicy: 'always',
  isSendBackAllowed: false,
}

/** The portal's settings with `defaults`: a Moscow working week of 9 to 18, every write-back on, in Russian. */
export function settingsDto(defaults: FormDefaults = portalDefaults): SettingsDto {
  return {
    defaults,
    calendar: { timeZone: 'Europe/Moscow', workingDays: [1, 2, 3, 4, 5], startHour: 9, endHour: 18, holidays: [] },
    writeBack: { tasks: true, taskComments: true, timeline: true, notifications: true },
    language: 'ru',
    isSelfApprovalAllowed: false,
    isTaskCompletionApproval: false,
    reminderIntervalMinutes: 60,
  }
}
