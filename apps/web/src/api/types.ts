/** @module The app API's answer shapes, inferred from the server's routes (`AppType`). */
import type { InferResponseType } from 'hono/client'
import type { ApiClient } from './client.ts'

type App = ApiClient['api']['app']

/** `GET /api/app/me`. */
export type Me = InferResponseType<App['me']['$get'], 200>
/** One approval with the caller's roles and allowed actions. */
export type ApprovalDto = InferResponseType<App['approvals'][':id']['$get'], 200>['approval']
/** One thing the app could not write into Bitrix24 for an approval (`GET /api/app/approvals/:id`). */
export type WriteBackProblemDto = InferResponseType<App['approvals'][':id']['$get'], 200>['writeBackProblems'][number]
/** A write-back problem in the admins' list (`GET /api/app/write-back-problems`). */
export type PortalWriteBackProblem = InferResponseType<App['write-back-problems']['$get'], 200>['problems'][number]
/** A row of the approval list. */
export type ApprovalRow = InferResponseType<App['approvals']['$get'], 200>['items'][number]
/** An approval template. */
export type TemplateDto = InferResponseType<App['templates']['$get'], 200>['templates'][number]
/** The portal's approval settings. */
export type SettingsDto = InferResponseType<App['settings']['$get'], 200>['settings']
/** A deal or lead the picker outside the frame found (`GET /api/app/subjects/:kind?q=`). */
export type CrmMatch = InferResponseType<App['subjects'][':kind']['$get'], 200>['items'][number]
/** A portal user for pickers. */
export type PortalUser = InferResponseType<App['users']['$get'], 200>['users'][number]
/** The caller's Telegram link. */
export type TelegramLinkDto = InferResponseType<App['telegram']['link']['$get'], 200>['link']
/** A fresh Telegram deep link. */
export type TelegramInvitation = InferResponseType<App['telegram']['link']['$post'], 200>
/** An approval status. */
export type ApprovalStatus = ApprovalRow['status']
/** An automation rule with what it did (`GET /api/app/automation/rules`). */
export type AutomationRuleDto = InferResponseType<App['automation']['rules']['$get'], 200>['rules'][number]
/** What the rule editor sends (`POST` / `PUT /api/app/automation/rules`). */
export type AutomationRuleInput = Parameters<App['automation']['rules']['$post']>[0]['json']
/** The portal's pipelines with their stages, lead statuses and sources (`GET /api/app/crm-catalog`). */
export type CrmCatalogDto = InferResponseType<App['crm-catalog']['$get'], 200>['catalog']
/** A workgroup or project a `group-members` role may name (`GET /api/app/groups`). */
export type WorkgroupDto = InferResponseType<App['groups']['$get'], 200>['groups'][number]
/** The figures of `GET /api/app/statistics`. */
export type StatisticsDto = InferResponseType<App['statistics']['$get'], 200>['statistics']
/** One of the caller's absences (`GET /api/app/absences`). */
export type AbsenceDto = InferResponseType<App['absences']['$get'], 200>['absences'][number]
