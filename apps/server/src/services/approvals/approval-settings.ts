/**
 * @module Portal settings for approvals: defaults offered when starting one (rule, stage deadline, timeout
 * action, reminders, comment policy, whether sending back is allowed), the working calendar (hours, days, time
 * zone), the Bitrix24 write-back switches, the language written into Bitrix24 and whether self-approval is
 * allowed (its changes are kept in a history). Read by every user; written by portal admins.
 */
import { z } from 'zod'
import { approvalDefaultsSchema, workingCalendarSchema } from '../../domain/index.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import { writeBackLanguages } from '../../ports/portal-write-back.ts'

/** Which Bitrix24 side effects the outbox performs for this portal. */
export const writeBackSchema = z.object({
  tasks: z.boolean().default(true),
  taskComments: z.boolean().default(true),
  timeline: z.boolean().default(true),
  notifications: z.boolean().default(true),
})

/** The settings of one portal, as stored and as `PUT /api/app/settings` accepts them. */
export const approvalSettingsSchema = z.object({
  defaults: approvalDefaultsSchema.prefault({}),
  calendar: workingCalendarSchema.default({
    timeZone: 'Europe/Moscow',
    workingDays: [1, 2, 3, 4, 5],
    startHour: 9,
    endHour: 18,
    holidays: [],
  }),
  writeBack: writeBackSchema.prefault({}),
  /** The language of what the app writes into Bitrix24 (tasks, comments, timeline, notifications). */
  language: z.enum(writeBackLanguages).default('ru'),
  /**
   * Whether an initiator may name themselves as an approver (or take a place by reassignment). Off by default;
   * every change is recorded in the settings history.
   */
  isSelfApprovalAllowed: z.boolean().default(false),
  /**
   * Whether an approver completing their own Bitrix24 task of an approval counts as their approval (channel
   * `bitrix24`). Off by default: completing the task is only recorded in the history.
   */
  isTaskCompletionApproval: z.boolean().default(false),
  /** The least time between two reminders of one approver about one approval, in minutes (1 minute – 1 day). */
  reminderIntervalMinutes: z.number().int().min(1).max(1440).default(60),
})

/** Settings after validation (defaults filled in). */
export type ApprovalSettings = z.output<typeof approvalSettingsSchema>
/** The write-back switches. */
export type WriteBack = ApprovalSettings['writeBack']

function settingsKey(memberId: string): string {
  return tenantKey(memberId, 'approval-settings')
}

/** The portal's settings, or the defaults when none were saved. */
export async function loadSettings(store: Store, memberId: string): Promise<ApprovalSettings> {
  const stored = await store.get<unknown>(settingsKey(memberId))
  return approvalSettingsSchema.parse(stored?.value ?? {})
}

/** One recorded change of a setting that needs an audit trail: who switched what, when. */
export interface SettingChange {
  at: string
  userId: number
  setting: 'isSelfApprovalAllowed'
  value: boolean
}

/** The most changes the settings history keeps (oldest dropped first). */
const maxSettingChanges = 100

function historyKey(memberId: string): string {
  return tenantKey(memberId, 'approval-settings-history')
}

/** The recorded changes of audited settings, oldest first. */
export async function loadSettingsHistory(store: Store, memberId: string): Promise<SettingChange[]> {
  return (await store.get<SettingChange[]>(historyKey(memberId)))?.value ?? []
}

/**
 * Replaces the portal's settings (already validated by the route) and returns them. A change of
 * `isSelfApprovalAllowed` is recorded with the admin who made it and when.
 */
export async function saveSettings(
  store: Store,
  memberId: string,
  settings: ApprovalSettings,
  change: { userId: number; at: string },
) {
  const before = await loadSettings(store, memberId)
  if (before.isSelfApprovalAllowed !== settings.isSelfApprovalAllowed) {
    const entry: SettingChange = { ...change, setting: 'isSelfApprovalAllowed', value: settings.isSelfApprovalAllowed }
    const history = [...(await loadSettingsHistory(store, memberId)), entry].slice(-maxSettingChanges)
    await store.put(historyKey(memberId), history)
  }
  await store.put(settingsKey(memberId), settings)
  return settings
}
