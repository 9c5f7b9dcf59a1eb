/**
 * @module The Portal port: what services ask of one Bitrix24 portal, in the domain's words — write an approval's
 * effects back, read its people, check the app and a user's token, notify someone, bind the app's events and
 * placements, read its CRM pipelines, stages and sources — and of a Bitrix24 OAuth server (the trust anchor and
 * token refresh). `adapters/bitrix24` renders every request into REST through `@bitrix24/b24jssdk` (`B24OAuth`
 * for the app, `B24Hook` for webhook mode).
 */
import type {
  CrmEntityKind,
  CrmEntityRead,
  OrgStructure,
  RobotVerdict,
  Subject,
  SubjectRef,
  UserId,
} from '../domain/index.ts'
import type { DriveFiles } from './portal-files.ts'
import type { Workgroups } from './portal-groups.ts'
import type { CrmLeads } from './portal-leads.ts'
import type { WriteBack } from './portal-write-back.ts'

/** A portal user as pickers, cards and notices show them. */
export interface PortalUser {
  id: UserId
  name: string
  position: string
  /** The user's departments, main department first. */
  departmentIds: number[]
}

/** The portal's people at one moment: every active user and the department tree with its heads. */
export interface PeopleSnapshot {
  users: PortalUser[]
  org: OrgStructure
}

/** A span during which the portal's calendar shows a user as absent (an `absent` event, e.g. a vacation). */
export interface PortalAbsence {
  userId: UserId
  startsAt: string
  endsAt: string
}

/** A portal user on the users page: active or deactivated (dismissed) in Bitrix24. */
export interface RosterUser extends PortalUser {
  isActive: boolean
}

/** Reads the portal's people. */
export interface PeopleDirectory {
  /** Every active user (all pages) and every department. */
  read(): Promise<PeopleSnapshot>
  /**
   * The spans of `userIds` that their calendars mark absent between the days `from` and `to` (YYYY-MM-DD,
   * inclusive). Needs the app's `calendar` scope.
   */
  absences(userIds: readonly UserId[], from: string, to: string): Promise<PortalAbsence[]>
  /** Every user, active or deactivated (all pages, read through the SDK's list paging). */
  roster(): Promise<RosterUser[]>
}

/** A portal user as the profile sync reads them: active or deactivated, with one profile field's value. */
export interface ProfileEntry {
  userId: UserId
  name: string
  /** False once the user was deactivated (dismissed) in Bitrix24. */
  isActive: boolean
  departmentIds: number[]
  /** The field's value as text, trimmed; empty when unset. */
  value: string
}

/**
 * The portal's user profiles and their custom fields (issue #19: Telegram ids kept in a profile field).
 * Reads include deactivated users, 50 per page as Bitrix24 pages them.
 */
export interface UserProfiles {
  /** One page of users (by id, 50 per page) from `start`, with `fieldName`'s value; `next` is null on the last page. */
  page(fieldName: string, start: number): Promise<{ entries: ProfileEntry[]; next: number | null }>
  /** One user with `fieldName`'s value; null when the portal has no such user. */
  user(fieldName: string, userId: UserId): Promise<ProfileEntry | null>
  /**
   * Makes sure the string field `UF_USR_<code>` exists (adds it when missing) and returns its `FIELD_NAME`.
   * Needs an administrator's rights.
   */
  ensureField(code: string, label: LocalizedText): Promise<string>
}

/** The user an access token belongs to, as the portal says. */
export interface TokenHolder {
  userId: UserId
  isAdmin: boolean
  name: string
  /** The code (`client_id`) of the application the token was issued to, when the portal names it. */
  appCode?: string
}

/** What the portal says about this application and about the token a client carries. */
export interface PortalApp {
  /** Whether the portal considers the install finished (the install page called `installFinish`). */
  isInstallFinished(): Promise<boolean>
  /**
   * Who holds the client's token, after checking it was issued to the application `clientId` (`null`: to any
   * application of this portal, as in webhook mode, which pins the code it first sees).
   * @throws AuthError `BITRIX24_AUTH_FAILED` when the portal refuses the token, `TOKEN_OF_ANOTHER_APP` when it
   * was issued to another application, `BITRIX24_PROFILE_EMPTY` when the portal names no user.
   */
  tokenHolder(clientId: string | null): Promise<TokenHolder>
}

/** One piece of a notice: plain text (shown as typed), or a link with its label. */
export type NoticePart = string | { url: string; label: string }

/** Portal notifications (the bell), from the application. */
export interface Notifications {
  /** Notifies `userId` with the text made of `parts`. */
  send(notice: { userId: UserId; parts: NoticePart[] }): Promise<void>
}

/** The portal's deals, leads and tasks as subjects of approvals. */
export interface Subjects {
  /**
   * Reads the item `ref` names as the client's token holder sees it: title, amount and currency (deals and leads),
   * responsible user, and the link built from the portal's own domain.
   * @throws NotFoundError `SUBJECT_NOT_FOUND` when there is no such item; PermissionError `SUBJECT_ACCESS_DENIED`
   * when the token holder may not see it.
   */
  read(ref: SubjectRef): Promise<Subject>
  /**
   * The subject `ref` names from facts already read from the portal (no request): the given title, amount,
   * currency and responsible, and the link built from the portal's own domain.
   */
  describe(ref: SubjectRef, facts: SubjectFacts): Promise<Subject>
  /**
   * The files attached to the comments in the timeline of deal or lead `ref` (newest first, at most 50 comments),
   * each as its Drive file, which {@link DriveFiles.download} reads; none for a task.
   * @throws as {@link Subjects.read}.
   */
  files(ref: SubjectRef): Promise<SubjectFile[]>
  /**
   * Up to {@link maxSubjectMatches} deals or leads whose title contains `text` (case-insensitive), most recently
   * changed first, as the client's token holder may see them (Bitrix24's CRM rights narrow the list); when `text`
   * is a whole number, the item with that id comes first. Each match carries its stage (status) name and its
   * client: a lead's company or person, a deal's contact.
   */
  search(kind: CrmDocumentRef['kind'], text: string): Promise<SubjectMatch[]>
}

/** A file in a subject's timeline: the Drive file holding it, its name and size. */
export interface SubjectFile {
  driveFileId: number
  name: string
  size: number
}

/** The most matches {@link Subjects.search} returns. */
export const maxSubjectMatches = 20

/** A deal or lead found by {@link Subjects.search}. */
export interface SubjectMatch {
  kind: 'deal' | 'lead'
  id: number
  title: string
  /** The stage's (a lead's status's) name, or its id when the portal names none. */
  stage: string | null
  amount: number | null
  currency: string | null
  /** Who the item is about: a lead's company or name, a deal's contact; null when unknown. */
  client: string | null
}

/**
 * An approver's task as the portal has it now: its status (`2` waiting, `3` in progress, `4` awaiting control,
 * `5` completed, `6` deferred) and who completed it or last changed its status (`null` when nobody did).
 */
export interface TaskState {
  id: number
  status: number
  responsibleId: UserId | null
  closedBy: UserId | null
  statusChangedBy: UserId | null
}

/** The tasks the app created for approvers, read back when the portal reports a change (`ONTASKUPDATE`). */
export interface ApproverTasks {
  /** The task as it is now; `null` when the portal no longer has it (deleted) or will not show it. */
  read(taskId: number): Promise<TaskState | null>
}

/** What {@link Subjects.describe} builds a subject from. */
export interface SubjectFacts {
  title: string
  /** `null` (or 0) when the item has no amount. */
  amount: number | null
  currency: string | null
  responsibleId: UserId | null
  /** The deal's pipeline (`CATEGORY_ID`), when known. */
  pipelineId?: number | null
  /** The deal's or lead's `SOURCE_ID`, when known. */
  sourceId?: string | null
}

/** A deal stage or lead status: its id, name and whether it is a working, a success or a failure stage. */
export interface CrmStage {
  id: string
  name: string
  semantics: 'process' | 'success' | 'failure'
}

/** A deal pipeline (`0` is the default one) with its stages in their order. */
export interface CrmPipeline {
  id: number
  name: string
  stages: CrmStage[]
}

/** What automation rules are set up with: the portal's deal pipelines and stages, lead statuses and sources. */
export interface CrmCatalog {
  pipelines: CrmPipeline[]
  leadStatuses: CrmStage[]
  sources: { id: string; name: string }[]
}

/** The portal's CRM reference data. */
export interface CrmCatalogReader {
  /** Every deal pipeline with its stages, the lead statuses and the sources, each in the portal's order. */
  read(): Promise<CrmCatalog>
}

/** The portal's deals and leads as the app's own (application token) reads them, for event processing. */
export interface CrmRecords {
  /**
   * Reads the deals or leads with these ids, as they are now: the facts rules read, the stage (or status) and
   * when the entity last moved into it. Ids the portal does not have (deleted) are absent from the answer.
   * Reads up to 50 ids per list call and up to 50 list calls per `batch` request, so 2,500 ids cost one request.
   */
  read(kind: CrmEntityKind, ids: readonly number[]): Promise<CrmEntityRead[]>
}

/** One record of the portal's offline event queue, in our words. */
export interface OfflineEvent {
  /** Upper-case event code (`ONCRMDEALUPDATE`). */
  event: string
  /** The entity's id (`EVENT_DATA[FIELDS][ID]`), when the record names one. */
  entityId: number | null
  /** When the entity last changed, as the portal stamped the record (ISO 8601). */
  changedAt: string
}

/** A batch of offline events taken from the queue and reserved (hidden from other takers) until cleared. */
export interface OfflineBatch {
  events: OfflineEvent[]
  /** The reservations to clear once the events are safely recorded. */
  processIds: string[]
}

/**
 * The portal's offline event queue (events bound with `event_type=offline`): Bitrix24 keeps one record per changed
 * object, with the latest change, until the app takes it. The backstop for online deliveries, which are never
 * retried. Needs an admin's or the application's token.
 */
export interface OfflineEvents {
  /**
   * Reserves up to `limit` records (taken 50 per call, the calls of one round in one `batch` request; parallel
   * takers get disjoint records) without deleting them: they stay hidden under their process ids until
   * {@link clear}. A record whose object changes again meanwhile comes back as a new record.
   */
  take(limit: number): Promise<OfflineBatch>
  /** Deletes the records reserved under `processIds` (one `batch` request per 50). */
  clear(processIds: readonly string[]): Promise<void>
}

/** The event handlers and placements the application wants in a portal. */
export interface BindingRequest {
  /** Event codes as Bitrix24 names them (`ONCRMDEALADD`, …), delivered to `eventHandler`. */
  events: readonly string[]
  eventHandler: string
  /** Event codes also bound as offline events (`event_type=offline`), recorded in the portal's offline queue. */
  offlineEvents?: readonly string[]
  /** Placement codes (`CRM_DEAL_DETAIL_TAB`, …) that open `placementHandler` under `placementTitle`. */
  placements: readonly string[]
  placementHandler: string
  placementTitle: { en: string; ru: string }
}

/** What a binding run added (empty when everything was in place). */
export interface BindReport {
  addedEvents: string[]
  /** Offline bindings added (absent when none were asked for). */
  addedOfflineEvents?: string[]
  addedPlacements: string[]
}

/** The application's bindings in the portal. */
export interface Bindings {
  /**
   * Binds what `request` lists and the portal does not have yet (with these handlers); what is bound already is
   * left alone, so running it again adds nothing. Needs an admin's or the application's token.
   */
  ensure(request: BindingRequest): Promise<BindReport>
}

/** Words in both languages the app writes in (Bitrix24 shows the portal user's). */
export interface LocalizedText {
  en: string
  ru: string
}

/** One parameter or return value of a robot or business-process action, as the portal's designer shows it. */
export interface AutomationField {
  name: LocalizedText
  description?: LocalizedText
  type: 'user' | 'select' | 'string' | 'text' | 'int' | 'double' | 'bool' | 'datetime'
  isRequired?: boolean
  isMultiple?: boolean
  /** Choices of a `select`: value → label. */
  options?: Record<string, string>
  default?: string | number
}

/** A robot (for pipeline stages) or a business-process action (for the process designer) the app provides. */
export interface AutomationAction {
  /** Unique within the app: `a-z`, `A-Z`, `0-9`, `.`, `-`, `_`. */
  code: string
  /** The URL the portal calls when the action runs (on the app's own domain). */
  handler: string
  name: LocalizedText
  description: LocalizedText
  /** Parameter keys start with a letter: `a-z`, `A-Z`, `0-9`, `_`. */
  properties: Record<string, AutomationField>
  returnProperties: Record<string, AutomationField>
  /** The CRM documents it is offered for. */
  documents: readonly ('deal' | 'lead')[]
}

/** The robots and business-process actions the app wants in a portal. */
export interface AutomationRequest {
  robots: readonly AutomationAction[]
  activities: readonly AutomationAction[]
}

/**
 * What an automation run changed: codes added and codes updated (everything registered is kept current), and the
 * kinds the portal's plan does not offer (`robot`, `activity`: their methods are missing).
 */
export interface AutomationReport {
  added: string[]
  updated: string[]
  unavailable: ('robot' | 'activity')[]
}

/** How a waiting robot or business-process action is ended without an approval (bad input). */
export interface RunEnd {
  /** The `event_token` the portal sent with the call. */
  eventToken: string
  verdict: RobotVerdict
  /** The line for the business-process log. */
  logMessage: string
}

/** The app's robots and business-process actions in the portal. */
export interface Automation {
  /**
   * Registers each robot and action the portal does not list yet and updates those it lists (name, handler,
   * properties), so running it again on re-install keeps them current and never duplicates one. A kind the
   * portal's plan lacks is reported `unavailable`, not thrown. Needs an admin's token in the application's context.
   */
  ensure(request: AutomationRequest): Promise<AutomationReport>
  /**
   * Ends a waiting run with `verdict`. A run the portal no longer waits for (the workflow was terminated, the
   * run already answered) is `refused` with the portal's error code, not thrown.
   */
  endRun(end: RunEnd): Promise<{ refused: string | null }>
  /** Adds a comment to the timeline of a deal or lead. */
  addTimelineNote(subject: CrmDocumentRef, text: string): Promise<void>
  /** The name of the stage a deal is in (the status of a lead); `null` when the portal names none. */
  stageName(subject: CrmDocumentRef): Promise<string | null>
}

/** A deal or lead, by kind and id. */
export type CrmDocumentRef = SubjectRef & { kind: 'deal' | 'lead' }

/**
 * One connected portal, facet by facet.
 *
 * Guarantees of every facet: requests to one portal are paced by the SDK's leaky bucket (2/s, burst 50); 503
 * `QUERY_LIMIT_EXCEEDED` and 429 `OPERATION_TIME_LIMIT` are retried with backoff; an expired access token is
 * refreshed once (single-flight across processes) and the request replayed.
 * @throws AuthError when the portal refuses the credentials for good (`PORTAL_NEEDS_REAUTHORIZATION`,
 * `BITRIX24_AUTH_FAILED`); PermissionError `BITRIX24_ACCESS_DENIED`; RateLimitedError when the limits persist;
 * UpstreamError when the portal fails or does not answer; ValidationError `BITRIX24_ERROR` for any other refusal
 * (details carry the portal's error code and description).
 */
export interface Portal {
  readonly writeBack: WriteBack
  readonly people: PeopleDirectory
  readonly app: PortalApp
  readonly notifications: Notifications
  readonly bindings: Bindings
  readonly subjects: Subjects
  /** The approvers' tasks (issue 16: tasks in sync). */
  readonly tasks: ApproverTasks
  readonly crm: CrmRecords
  readonly offlineEvents: OfflineEvents
  readonly automation: Automation
  readonly crmCatalog: CrmCatalogReader
  /** Leads from websites (issue 20). */
  readonly leads: CrmLeads
  /** User profiles and their custom fields (issue #19). */
  readonly profiles: UserProfiles
  /** Approval attachments on Drive (issue 21). */
  readonly files: DriveFiles
  /** Workgroups and their members, for `group-members` roles (issue 21). */
  readonly groups: Workgroups
}

/** The OAuth token pair of a portal (what `/oauth/token/` returns), with `expiresAt` in milliseconds. */
export interface PortalTokens {
  accessToken: string
  refreshToken: string
  /** Milliseconds since the epoch when `accessToken` expires. */
  expiresAt: number
  /** The Bitrix24 user the tokens belong to. */
  userId: number
  scope: string
}

/**
 * Where a portal client gets its tokens. The service layer implements it over the Store: `current` reads the
 * stored pair, `refresh` replaces a stale pair exactly once across all processes (a store lease).
 */
export interface PortalTokenSource {
  /** The stored tokens. @throws AuthError when the portal is not connected any more. */
  current(): Promise<PortalTokens>
  /**
   * Returns a fresh pair, given the refresh token the caller last saw: the stored pair when another process has
   * already rotated it, otherwise one `/oauth/token/` exchange whose result is persisted before it is returned.
   * @throws AuthError `PORTAL_NEEDS_REAUTHORIZATION` when the OAuth server answers `invalid_grant`.
   */
  refresh(staleRefreshToken: string): Promise<PortalTokens>
}

/** Addresses of a portal as the trust anchor confirmed them. */
export interface PortalAddress {
  memberId: string
  /** Portal host as Bitrix24 names it (`DOMAIN`, may include `:port`). */
  domain: string
  /** Portal REST root, `https://<portal>/rest/`. */
  clientEndpoint: string
}

/** Creates portal clients; one per portal and process, so the SDK's rate limiter is shared per portal. */
export interface PortalConnector {
  /** A client of an installed portal, authorized by the application's stored tokens. */
  forPortal(address: PortalAddress, tokens: PortalTokenSource): Portal
  /**
   * A client authorized by a user's access token only (the frame's `AUTH_ID`, an event's `auth[access_token]`):
   * no refresh, a refused token is an AuthError.
   */
  forUserToken(address: PortalAddress, accessToken: string): Portal
  /** Forgets the cached client of a portal (after re-install or uninstall). */
  forget(memberId: string): void
}

/** What a trusted OAuth server says about an access token (`app.info` called on the OAuth server). */
export interface OAuthTokenInfo {
  /** The application the token was issued to (`client_id`). */
  clientId: string
  memberId: string
  /** Portal host the token belongs to. */
  domain: string
  /** Portal REST root, when the server names it. */
  clientEndpoint: string | undefined
  userId: number | undefined
  scope: string | undefined
  /** Application status letter `L/F/D/T/P`. */
  status: string | undefined
  /** `INSTALLED`: false until `installFinish`. */
  isInstalled: boolean | undefined
}

/** A Bitrix24 OAuth server (`https://oauth.bitrix.info`): the trust anchor and the only place tokens are refreshed. */
export interface OAuthServer {
  /**
   * Asks the OAuth server at `serverUrl` who issued `accessToken` (`<serverUrl>/rest/app.info`).
   * @throws AuthError `BITRIX24_TOKEN_REJECTED` when the server does not know the token; UpstreamError when it
   * does not answer.
   */
  tokenInfo(serverUrl: string, accessToken: string): Promise<OAuthTokenInfo>
  /**
   * Exchanges a refresh token at `serverUrl` (`/oauth/token/`, `grant_type=refresh_token`) with this
   * application's client id and secret.
   * @throws AuthError `PORTAL_NEEDS_REAUTHORIZATION` on `invalid_grant`; UpstreamError otherwise (also `invalid_client`).
   */
  refreshTokens(serverUrl: string, refreshToken: string): Promise<PortalTokens & { clientEndpoint: string }>
  /**
   * Exchanges an authorization code (`/oauth/token/`, `grant_type=authorization_code`) for a user's first pair
   * (sign-in outside the portal, issue 23).
   * @throws AuthError `SIGN_IN_CODE_REJECTED` on `invalid_grant` / `invalid_client` (an expired code, or one issued
   * to another application); UpstreamError otherwise.
   */
  exchangeCode(serverUrl: string, code: string): Promise<PortalTokens & { clientEndpoint: string }>
}
