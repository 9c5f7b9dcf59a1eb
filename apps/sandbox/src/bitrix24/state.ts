/**
 * @module The data of one sandbox Bitrix24 portal: users, CRM, tasks, the local application and its tokens.
 * Records keep Bitrix24's own field names (UPPER_SNAKE, as the legacy REST methods read and write them);
 * the method modules turn them into the exact wire typing (string ids, `Y`/`N`, camelCase task output).
 */

/** A portal user (`user.get` item); `UF` holds user custom field values (`UF_USR_*`). */
export interface UserRecord {
  ID: number
  ACTIVE: boolean
  NAME: string
  LAST_NAME: string
  SECOND_NAME: string
  EMAIL: string
  WORK_POSITION: string
  UF_DEPARTMENT: number[]
  IS_ADMIN: boolean
  /**
   * What the user's CRM role lets them read: every deal and lead (`all`, the default), or only those they are
   * responsible for or created (`own`). Administrators read everything.
   */
  CRM_READ?: 'all' | 'own'
  PERSONAL_GENDER: string
  LANGUAGE_ID: string
  DATE_REGISTER: string
  UF: Record<string, unknown>
}

/** A department of the company structure with its head (`UF_HEAD`). */
export interface DepartmentRecord {
  ID: number
  NAME: string
  PARENT: number | null
  UF_HEAD: number
  SORT: number
}

/** A user custom field created with `user.userfield.add`. */
export interface UserFieldRecord {
  ID: number
  FIELD_NAME: string
  USER_TYPE_ID: string
  MULTIPLE: 'Y' | 'N'
  LABEL: string
}

/** A deal pipeline (`crm.category.list`); id 0 is the default pipeline. */
export interface DealCategoryRecord {
  id: number
  name: string
  sort: number
  isDefault: boolean
}

/** An entry of `crm.status.list` (deal stages, lead statuses, sources). */
export interface StatusRecord {
  ID: number
  ENTITY_ID: string
  STATUS_ID: string
  NAME: string
  SORT: number
  SEMANTICS: 'P' | 'S' | 'F' | null
  CATEGORY_ID: number | null
  COLOR: string
}

/** A CRM deal or lead; values are kept as Bitrix24 returns them (strings, `Y`/`N`). */
export type CrmRecord = Record<string, unknown> & { ID: string }

/** A task; UPPER_SNAKE like the input of `tasks.task.*`. */
export interface TaskRecord {
  ID: number
  TITLE: string
  DESCRIPTION: string
  RESPONSIBLE_ID: number
  CREATED_BY: number
  CREATED_DATE: string
  CHANGED_DATE: string
  CLOSED_DATE: string | null
  /** Who completed the task; 0 while it is not completed. */
  CLOSED_BY: number
  /** Who last changed the task's status. */
  STATUS_CHANGED_BY: number
  DEADLINE: string | null
  STATUS: number
  PRIORITY: number
  GROUP_ID: number
  PARENT_ID: number
  AUDITORS: number[]
  ACCOMPLICES: number[]
  UF_CRM_TASK: string[]
  UF_TASK_WEBDAV_FILES: string[]
}

/** A task comment (`task.commentitem.add`). */
export interface TaskCommentRecord {
  ID: number
  TASK_ID: number
  AUTHOR_ID: number
  POST_MESSAGE: string
  POST_DATE: string
}

/** A notification shown to a user (`im.notify.system.add` / `im.notify.personal.add`). */
export interface NotificationRecord {
  ID: number
  USER_ID: number
  FROM_USER_ID: number | null
  TYPE: 'system' | 'personal'
  MESSAGE: string
  MESSAGE_OUT: string | null
  TAG: string | null
  SUB_TAG: string | null
  ATTACH: unknown
  DATE_CREATE: string
}

/** A CRM timeline comment (`crm.timeline.comment.add`). */
export interface TimelineCommentRecord {
  ID: number
  ENTITY_TYPE: string
  ENTITY_ID: number
  AUTHOR_ID: number
  COMMENT: string
  FILES: string[]
  /** The Drive files holding `FILES` (CRM system storage) and their attached-object ids; absent in old snapshots. */
  FILE_REFS?: { attachedId: number; objectId: number }[]
  CREATED: string
}

/** An `event.bind` registration. */
export interface EventBindingRecord {
  id: number
  event: string
  handler: string
  authType: number
  offline: boolean
  authConnector: string
  options: Record<string, unknown>
}

/** An offline event record: only the latest state per object is kept (§4.6). */
export interface OfflineEventRecord {
  ID: number
  TIMESTAMP_X: string
  EVENT_NAME: string
  EVENT_DATA: unknown
  EVENT_ADDITIONAL: unknown
  MESSAGE_ID: string
  processId: string | null
  error: boolean
}

/** A `placement.bind` registration. */
export interface PlacementRecord {
  id: number
  placement: string
  handler: string
  title: string
  description: string
  groupName: string
  langAll: Record<string, unknown>
  options: Record<string, unknown>
  userId: number
}

/** A robot (`bizproc.robot.add`) or business-process activity (`bizproc.activity.add`). */
export interface BizprocActivityRecord {
  CODE: string
  HANDLER: string
  AUTH_USER_ID: number
  USE_SUBSCRIPTION: string
  NAME: unknown
  DESCRIPTION: unknown
  PROPERTIES: Record<string, unknown>
  RETURN_PROPERTIES: Record<string, unknown>
  DOCUMENT_TYPE: unknown
  FILTER: unknown
  USE_PLACEMENT: string
  PLACEMENT_HANDLER: string
}

/** A robot placed on a deal stage by a portal user (automation settings of the pipeline). */
export interface RobotTriggerRecord {
  id: number
  robotCode: string
  categoryId: number
  stageId: string
  properties: Record<string, unknown>
  /** Runs only when the return value `field` of the robot before it equals `equals`. */
  condition?: { field: string; equals: string } | null
}

/** One run of a robot on a document, waiting for `bizproc.event.send` when subscribed. */
export interface RobotRunRecord {
  workflowId: string
  eventToken: string
  robotCode: string
  /** A robot on a stage, or an action of a business process. */
  kind: 'robot' | 'activity'
  documentId: [string, string, string]
  /** `terminated`: the deal left the stage while the robot waited; `skipped`: its condition did not hold. */
  status: 'waiting' | 'completed' | 'done-without-subscription' | 'terminated' | 'skipped'
  returnValues: Record<string, unknown> | null
  logMessage: string | null
  startedAt: string
  completedAt: string | null
  /** The user whose action started the workflow. */
  triggeredBy: number
  /** Robots of the stage that run after this one answers. */
  remainingTriggerIds: number[]
}

/** An issued access token. */
export interface AccessTokenRecord {
  userId: number
  expiresAt: number
  refreshToken: string
  revoked: boolean
  scope: string
}

/** An issued refresh token; `used` once it was exchanged (rotation, §2.4). */
export interface RefreshTokenRecord {
  userId: number
  expiresAt: number
  used: boolean
  scope: string
}

/** An incoming webhook (`/rest/<userId>/<code>/`). */
export interface WebhookRecord {
  userId: number
  code: string
  scope: string[]
}

/** An outgoing webhook (§4.7): online events to a handler, `auth` without OAuth tokens. */
export interface OutgoingWebhookRecord {
  id: number
  handler: string
  events: string[]
  applicationToken: string
}

/** A file stored on the portal's Drive (app storage). */
export interface DiskFileRecord {
  ID: number
  NAME: string
  PARENT_ID: number
  SIZE: number
  CREATED_BY: number
  CREATE_TIME: string
  contentBase64: string
  /** The storage holding the file; absent: the application's storage. */
  STORAGE_ID?: number
}

/**
 * A Drive storage other than the application's: a user's own (`user`, read by that user only), the company's
 * (`common`), or the CRM's hidden system storage that timeline comments keep their files in (`isSystem`).
 */
export interface DiskStorageRecord {
  ID: number
  NAME: string
  ENTITY_TYPE: 'user' | 'common'
  ENTITY_ID: string
  ROOT_OBJECT_ID: number
  isSystem?: boolean
}

/** A Drive folder; a storage's root folder has `PARENT_ID` 0. */
export interface DiskFolderRecord {
  ID: number
  NAME: string
  PARENT_ID: number
  STORAGE_ID: number
  CREATED_BY: number
  CREATE_TIME: string
}

/** The local application registered in the portal ("Developer resources → Local application"). */
export interface LocalAppRecord {
  clientId: string
  clientSecret: string
  applicationToken: string
  version: number
  scope: string[]
  handlerUrl: string
  installUrl: string
  /** `app.info` `INSTALLED`: set by `installFinish`. */
  installed: boolean
  /** The app is added to the portal (false after uninstall). */
  active: boolean
  status: 'L'
}

/** A calendar event of a user's calendar (`calendar.event.add`), as far as availability needs it. */
export interface CalendarEventRecord {
  ID: number
  OWNER_ID: number
  NAME: string
  /** Unix seconds (UTC). */
  FROM_TS: number
  TO_TS: number
  SKIP_TIME: boolean
  /** `busy`, `absent`, `quest` or `free`. */
  ACCESSIBILITY: string
}

/** A member of a workgroup: owner `A`, moderator `E`, member `K`, or `Z` asking to join (not a member yet). */
export interface WorkgroupMember {
  USER_ID: number
  ROLE: 'A' | 'E' | 'K' | 'Z'
}

/** A workgroup or project (`sonet_group.*`). */
export interface WorkgroupRecord {
  ID: number
  NAME: string
  DESCRIPTION: string | null
  OWNER_ID: number
  ACTIVE: boolean
  /** False for a secret group: only its members (and administrators) see it. */
  VISIBLE: boolean
  OPENED: boolean
  /** Archived. */
  CLOSED: boolean
  PROJECT: boolean
  DATE_CREATE: string
  MEMBERS: WorkgroupMember[]
}

/** Everything the portal stores; serialised as the JSON snapshot. */
export interface PortalState {
  version: 1
  memberId: string
  app: LocalAppRecord
  appOptions: Record<string, unknown>
  userOptions: Record<string, Record<string, unknown>>
  firstRunDone: number[]
  users: UserRecord[]
  departments: DepartmentRecord[]
  userFields: UserFieldRecord[]
  categories: DealCategoryRecord[]
  statuses: StatusRecord[]
  deals: CrmRecord[]
  leads: CrmRecord[]
  /** CRM contacts (`crm.contact.*`); absent in snapshots older than issue 20. */
  contacts?: CrmRecord[]
  tasks: TaskRecord[]
  taskComments: TaskCommentRecord[]
  notifications: NotificationRecord[]
  timeline: TimelineCommentRecord[]
  eventBindings: EventBindingRecord[]
  offlineEvents: OfflineEventRecord[]
  placements: PlacementRecord[]
  robots: BizprocActivityRecord[]
  activities: BizprocActivityRecord[]
  robotTriggers: RobotTriggerRecord[]
  robotRuns: RobotRunRecord[]
  accessTokens: Record<string, AccessTokenRecord>
  refreshTokens: Record<string, RefreshTokenRecord>
  authCodes: Record<string, { userId: number; expiresAt: number }>
  webhooks: WebhookRecord[]
  outgoingWebhooks: OutgoingWebhookRecord[]
  diskStorageId: number
  diskRootFolderId: number
  diskFiles: DiskFileRecord[]
  /** Users' and the company's Drive storages and folders; absent in snapshots older than issue 21's Drive picker. */
  diskStorages?: DiskStorageRecord[]
  diskFolders?: DiskFolderRecord[]
  /** Users' calendar events; absent in snapshots older than issue 21. */
  calendarEvents?: CalendarEventRecord[]
  /** Workgroups and projects; absent in snapshots older than issue 21's group roles. */
  groups?: WorkgroupRecord[]
  /** Last id given per entity kind. */
  sequences: Record<string, number>
}

/** Next id of an entity kind (`deal`, `task`, …), starting after the seed. */
export function nextId(state: PortalState, kind: string): number {
  const next = (state.sequences[kind] ?? 0) + 1
  state.sequences[kind] = next
  return next
}
