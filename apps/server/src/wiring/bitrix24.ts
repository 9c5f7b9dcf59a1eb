/**
 * @module Wires the Bitrix24 side of one mode: its adapters from the configuration — app mode (OAuth connector
 * and server, many portals), webhook mode (one `B24Hook` portal, events checked with the outgoing-webhook token)
 * or none — and the services built on them. b24jssdk is loaded by the first call that reaches a portal, not by
 * every cold start.
 */
import type { RestrictionParams } from '@bitrix24/b24jssdk'
import { lazyConnector, lazyPortal } from '../adapters/bitrix24/lazy-portal.ts'
import { createOAuthServerClient } from '../adapters/bitrix24/oauth-server-client.ts'
import type { Config } from '../config.ts'
import type { Clock } from '../ports/clock.ts'
import type { OAuthServer, Portal, PortalConnector } from '../ports/portal.ts'
import type { SecretBox } from '../ports/secret-box.ts'
import { globalKey, type Store } from '../ports/store.ts'
import type { WriteBackBudgetOf } from '../adapters/bitrix24/batch-queue.ts'
import { createStoreRateBudget } from '../adapters/rate-budget.ts'
import type { AppAuthDeps } from '../services/authenticate-app-user.ts'
import type { EventHandler, InboxDeps } from '../services/event-inbox.ts'
import { bindInstalledPortal, type InstallDeps } from '../services/install-portal.ts'
import {
  createOAuthPortalDirectory,
  createWebhookPortalDirectory,
  type PortalDirectory,
} from '../services/portal-directory.ts'
import type { ReceiveEventDeps } from '../services/receive-event.ts'
import { webhookPortalAddress } from '../services/webhook-portal.ts'

/** The Bitrix24 adapters of the configured mode. */
export type Bitrix24Adapters =
  | { mode: 'oauth'; clientId: string; connector: PortalConnector; oauthServer: OAuthServer }
  | {
      mode: 'webhook'
      outgoingWebhookToken: string
      portal: Portal
      webhookUrl: string
      /** Checks the frames' tokens with the webhook's portal (user tokens only; nothing is refreshed). */
      frameConnector: PortalConnector
    }
  | { mode: 'none' }

/** b24jssdk tuning (tests lower `maxRetries`) and a private CA for a self-hosted portal in webhook mode. */
export interface Bitrix24Tuning {
  restrictionParams?: Partial<RestrictionParams>
  tlsCa?: string
}

/**
 * Each portal's write-back request budget, shared through `store` by every instance (issue #22), so two
 * instances together never send a portal more than one of them would.
 */
function requestBudgetOf(store: Store): WriteBackBudgetOf {
  return (portal, perSecond) =>
    createStoreRateBudget({ store, perSecond, keyOf: (part) => globalKey('b24-pace', portal, part) })
}

/** The Bitrix24 adapters of the configured mode; `store` shares each portal's request budget across instances. */
export function bitrix24Adapters(
  config: Config['bitrix24'],
  tuning: Bitrix24Tuning = {},
  store?: Store,
): Bitrix24Adapters {
  const { restrictionParams, tlsCa } = tuning
  const budgets = store ? { requestBudgetOf: requestBudgetOf(store) } : {}
  if (config.mode === 'oauth') {
    const connector = lazyConnector(async () => {
      const { createB24OAuthConnector } = await import('../adapters/bitrix24/b24-oauth-connector.ts')
      return createB24OAuthConnector({ ...config, restrictionParams, ...budgets })
    })
    return { mode: 'oauth', clientId: config.clientId, connector, oauthServer: createOAuthServerClient(config) }
  }
  if (config.mode === 'webhook') {
    const portal = lazyPortal(async () => {
      const { createB24HookPortal } = await import('../adapters/bitrix24/b24-hook-portal.ts')
      return createB24HookPortal({ webhookUrl: config.webhookUrl, restrictionParams, tlsCa, ...budgets })
    })
    const frameConnector = lazyConnector(async () => {
      const { createB24OAuthConnector } = await import('../adapters/bitrix24/b24-oauth-connector.ts')
      return createB24OAuthConnector({ clientId: '', restrictionParams, ...(tlsCa ? { tlsCa } : {}) })
    })
    const { webhookUrl, outgoingWebhookToken } = config
    return { mode: 'webhook', outgoingWebhookToken, portal, webhookUrl, frameConnector }
  }
  return { mode: 'none' }
}

/** What the Bitrix24 services are built from. */
export interface Bitrix24ServiceDeps {
  adapters: Bitrix24Adapters
  store: Store
  clock: Clock
  secretBox: SecretBox
  appUrl: string
  trustedServers: string[]
  /**
   * The inbox's handlers by event code; `ONAPPINSTALL` (binding) is added here, the graph adds the others (the CRM
   * events' need the approval services, built after these).
   */
  handlers: Map<string, EventHandler>
}

/** The assembled services; parts a mode does not have are undefined. */
export interface Bitrix24Services {
  install: InstallDeps | undefined
  events: ReceiveEventDeps | undefined
  /** The inbox; its handlers map is the one handlers are registered in. */
  inbox: InboxDeps & { handlers: Map<string, EventHandler> }
  directory: PortalDirectory | undefined
  appAuth: AppAuthDeps | undefined
}

function oauthServices(deps: Bitrix24ServiceDeps, adapters: Extract<Bitrix24Adapters, { mode: 'oauth' }>) {
  const { store, clock, secretBox } = deps
  const { connector, oauthServer, clientId } = adapters
  const directory = createOAuthPortalDirectory({ store, clock, secretBox, oauthServer, connector })
  const install: InstallDeps = {
    ...{ store, clock, secretBox, connector, directory, oauthServer, clientId },
    appUrl: deps.appUrl,
    trustedServers: deps.trustedServers,
  }
  const handlers = deps.handlers
  handlers.set('ONAPPINSTALL', async (event) => void (await bindInstalledPortal(install, event.memberId)))
  return {
    install,
    events: { store, clock, secretBox, mode: { kind: 'oauth' as const, install } },
    inbox: { store, clock, handlers },
    directory,
    appAuth: { store, connector, clientId },
  }
}

/** Builds the services of the configured Bitrix24 mode. */
export function createBitrix24Services(deps: Bitrix24ServiceDeps): Bitrix24Services {
  const { adapters, store, clock, secretBox } = deps
  if (adapters.mode === 'oauth') return oauthServices(deps, adapters)
  const inbox = { store, clock, handlers: deps.handlers }
  if (adapters.mode === 'webhook') {
    const mode = { kind: 'webhook' as const, outgoingWebhookToken: adapters.outgoingWebhookToken }
    const directory = createWebhookPortalDirectory(adapters.portal)
    const appAuth: AppAuthDeps = {
      ...{ store, connector: adapters.frameConnector, clientId: null },
      webhookPortal: webhookPortalAddress(adapters.webhookUrl),
    }
    return { install: undefined, events: { store, clock, secretBox, mode }, inbox, directory, appAuth }
  }
  return { install: undefined, events: undefined, inbox, directory: undefined, appAuth: undefined }
}
