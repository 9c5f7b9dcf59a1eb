/**
 * @module Webhook mode's {@link Portal}: `B24Hook` over an incoming-webhook URL `https://<portal>/rest/<user>/<code>/`.
 * The SDK always calls `https://` (platform-notes A.2); a self-hosted portal with a private CA is reached by
 * passing that CA as `tlsCa`.
 * @see https://apidocs.bitrix24.com/local-integrations/local-webhooks.html
 */
import { B24Hook, type RestrictionParams } from '@bitrix24/b24jssdk'
import type { Portal } from '../../ports/portal.ts'
import { createB24Portal } from './b24-portal.ts'
import { writeBackIntervalOf, type WriteBackBudgetOf } from './batch-queue.ts'
import { createB24Rest, portalRestrictionParams } from './b24-rest.ts'
import { trustPrivateCa } from './private-ca.ts'

/** Options of the webhook-mode portal. */
export interface B24HookPortalOptions {
  webhookUrl: string
  restrictionParams?: Partial<RestrictionParams>
  /** Extra trusted CA certificate (PEM) for a portal whose certificate is not publicly trusted. */
  tlsCa?: string
  /** The portal's write-back request budget, shared by the instances (`rate-budget.ts`). */
  requestBudgetOf?: WriteBackBudgetOf
}

/** Creates the webhook-mode {@link Portal} (one portal, the secret in the URL path, no `auth` parameter). */
export function createB24HookPortal(options: B24HookPortalOptions): Portal {
  const restrictionParams = portalRestrictionParams(options.restrictionParams)
  const hook = B24Hook.fromWebhookUrl(options.webhookUrl, { restrictionParams })
  hook.offClientSideWarning()
  trustPrivateCa(hook, options.tlsCa)
  const writeBackIntervalMs = writeBackIntervalOf(restrictionParams)
  const host = new URL(options.webhookUrl).host
  const writeBackBudget = options.requestBudgetOf?.(host, 1_000 / writeBackIntervalMs)
  const pacing = { writeBackIntervalMs, ...(writeBackBudget ? { writeBackBudget } : {}) }
  return createB24Portal(createB24Rest(hook), host, pacing)
}
