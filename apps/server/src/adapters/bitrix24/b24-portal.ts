/**
 * @module `B24Portal`: the {@link Portal} port over one portal's REST pipe, facet by facet. The app facet asks
 * `app.info` (this application? install finished?) and `profile` (who holds the token, admin?); notifications go
 * out as `im.notify.system.add` with links as BB-code.
 * @see https://apidocs.bitrix24.com/api-reference/common/system/app-info.html
 * @see https://apidocs.bitrix24.com/api-reference/common/users/profile.html
 * @see https://apidocs.bitrix24.com/api-reference/chats/notifications/im-notify-system-add.html
 */
import { z } from 'zod'
import { AuthError } from '../../ports/errors.ts'
import type { NoticePart, Notifications, Portal, PortalApp } from '../../ports/portal.ts'
import { createB24Automation } from './b24-automation.ts'
import { createB24Bindings } from './b24-bindings.ts'
import { createB24Crm } from './b24-crm.ts'
import { createB24OfflineEvents } from './b24-offline-events.ts'
import { createB24CrmCatalog } from './b24-crm-catalog.ts'
import { createB24Drive } from './b24-drive.ts'
import { createB24Groups } from './b24-groups.ts'
import { createB24Leads } from './b24-leads.ts'
import { createB24People } from './b24-people.ts'
import { createB24Profiles } from './b24-profiles.ts'
import { createB24Subjects } from './b24-subjects.ts'
import { createB24Tasks } from './b24-tasks.ts'
import { resultOf, type RestClient } from './b24-rest.ts'
import type { RateBudget } from '../rate-budget.ts'
import { createBatchQueue } from './batch-queue.ts'
import { createB24WriteBack } from './write-back-batches.ts'
import { plain } from './write-back-texts.ts'

const appInfoResult = z.looseObject({
  CODE: z.string().optional(),
  client_id: z.string().optional(),
  INSTALLED: z.boolean().optional(),
})
const profileResult = z.looseObject({
  ID: z.coerce.number().int().positive(),
  ADMIN: z.union([z.boolean(), z.string().transform((v) => v === 'Y' || v === 'true' || v === '1')]).optional(),
  NAME: z.string().optional(),
  LAST_NAME: z.string().optional(),
})

function createB24App(rest: RestClient): PortalApp {
  return {
    async isInstallFinished() {
      const info = appInfoResult.safeParse(await rest.call('app.info'))
      return info.success && info.data.INSTALLED === true
    },
    async tokenHolder(clientId) {
      const answers = await rest.batch<unknown>({ app: ['app.info'], profile: ['profile'] })
      const app = appInfoResult.safeParse(resultOf(answers['app']!))
      const appCode = app.success ? (app.data.client_id ?? app.data.CODE) : undefined
      if (appCode === undefined || (clientId !== null && appCode !== clientId)) {
        throw new AuthError('TOKEN_OF_ANOTHER_APP', 'The token was not issued to this application')
      }
      const profile = profileResult.safeParse(resultOf(answers['profile']!))
      if (!profile.success) throw new AuthError('BITRIX24_PROFILE_EMPTY', 'The portal does not name the token holder')
      const { ID, ADMIN, NAME, LAST_NAME } = profile.data
      return { userId: ID, isAdmin: ADMIN === true, name: [NAME, LAST_NAME].filter(Boolean).join(' '), appCode }
    },
  }
}

/** A notice's text as BB-code: plain parts kept from forming tags, links as `[URL=…]label[/URL]`. */
export function noticeMessage(parts: NoticePart[]): string {
  return parts
    .map((part) => (typeof part === 'string' ? plain(part) : `[URL=${part.url}]${plain(part.label)}[/URL]`))
    .join('')
}

function createB24Notifications(rest: RestClient): Notifications {
  return {
    async send({ userId, parts }) {
      await rest.call('im.notify.system.add', { USER_ID: userId, MESSAGE: noticeMessage(parts) })
    },
  }
}

/**
 * The {@link Portal} over one portal's REST pipe; `domain` is the portal's host, the base of every link;
 * `writeBackIntervalMs` paces its write-back requests (`batch-queue.ts`), in slots of `writeBackBudget` when given.
 */
export function createB24Portal(
  rest: RestClient,
  domain: string,
  options: { writeBackIntervalMs?: number; writeBackBudget?: RateBudget } = {},
): Portal {
  const batches = createBatchQueue(rest, options.writeBackIntervalMs, options.writeBackBudget)
  return {
    writeBack: createB24WriteBack(batches),
    people: createB24People(rest),
    app: createB24App(rest),
    notifications: createB24Notifications(rest),
    bindings: createB24Bindings(rest),
    subjects: createB24Subjects(rest, domain),
    tasks: createB24Tasks(batches),
    crm: createB24Crm(rest),
    offlineEvents: createB24OfflineEvents(rest),
    automation: createB24Automation(rest),
    crmCatalog: createB24CrmCatalog(rest),
    leads: createB24Leads(rest, domain),
    profiles: createB24Profiles(rest),
    files: createB24Drive(rest, domain),
    groups: createB24Groups(rest),
  }
}
