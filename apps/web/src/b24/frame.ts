/**
 * @module The SPA's one door to the Bitrix24 parent page: the only caller of `initializeB24Frame()`. Everything
 * else talks to the portal through the {@link PortalFrame} it returns, so components never touch `B24Frame`.
 * @see https://apidocs.bitrix24.com/sdk/bx24-js-sdk/system-functions/index.html
 */
import { initializeB24Frame, SdkError, type B24Frame } from '@bitrix24/b24jssdk'

/** The frame's access token and portal, as the API client sends them. */
export interface FrameAuth {
  accessToken: string
  memberId: string
  /** Outside the frame (no access token): the session's CSRF token, sent with the session cookie. */
  csrfToken?: string
}

/** A person picked in the portal's user picker. */
export interface PickedUser {
  id: number
  name: string
}

/** A CRM record picked with the portal's `selectCRM` dialog, or with the app's own picker outside the frame. */
export interface PickedCrmItem {
  kind: 'deal' | 'lead'
  id: number
  title: string
  /** The amount the app's own picker already read from Bitrix24 (the portal's dialog gives none). */
  facts?: { amount: number | null; currency: string | null }
}

/** What the SPA needs from the Bitrix24 parent page. */
export interface PortalFrame {
  lang: string
  isAdmin: boolean
  isInstallMode: boolean
  placement: string
  placementOptions: Record<string, unknown>
  /** The portal's origin, `https://<portal>` (where its pages such as CRM cards live). */
  portalUrl: string
  /** Set outside the portal frame (signed in with Bitrix24): portal calls go through the app's API instead. */
  isStandalone?: true
  auth(): FrameAuth
  /** Asks the portal for a fresh access token (`refreshAuth`). */
  refreshAuth(): Promise<FrameAuth>
  setTitle(title: string): Promise<void>
  /** Keeps the frame as tall as the content of `node` (`resizeWindow`); returns a stop function. */
  followHeight(node: HTMLElement): () => void
  /**
   * Calls a REST method as the signed-in user (`actions.v2.call`) and returns its `result`, so the portal's own
   * access rights apply. Rejects with the portal's error message.
   */
  call<T>(method: string, params?: Record<string, unknown>): Promise<T>
  selectUsers(): Promise<PickedUser[]>
  selectCrmItem(): Promise<PickedCrmItem | null>
  /** Opens a portal page (CRM card, task, profile) in the Bitrix24 slider (`openPath`). */
  openPath(path: string): Promise<void>
  installFinish(): Promise<void>
}

/** Why the SPA has no frame: opened outside Bitrix24, or the portal did not answer. */
export type FrameFailure = { kind: 'outside' } | { kind: 'failed'; message: string }

function authOf(b24: B24Frame): FrameAuth {
  const data = b24.auth.getAuthData()
  if (!data) return { accessToken: '', memberId: '' }
  return { accessToken: data.access_token, memberId: data.member_id }
}

function pickedCrm(result: Awaited<ReturnType<B24Frame['dialog']['selectCRM']>>): PickedCrmItem | null {
  const deal = result.deal?.[0]
  if (deal) return { kind: 'deal', id: Number(deal.id.replace(/^D_/, '')), title: deal.title }
  const lead = result.lead?.[0]
  if (lead) return { kind: 'lead', id: Number(lead.id.replace(/^L_/, '')), title: lead.title }
  return null
}

function followHeight(b24: B24Frame, node: HTMLElement): () => void {
  let last = 0
  const observer = new ResizeObserver(() => {
    const height = Math.ceil(node.scrollHeight) + 16
    if (Math.abs(height - last) < 4) return
    last = height
    // Width "100%" keeps the frame fluid (b24.parent.resizeWindow accepts only pixels; fitWindow measures the
    // whole document, so it never shrinks). The portal denies resizeWindow in sliders; isSafely resolves anyway.
    const resize = b24.parent.message.send('resizeWindow', { width: '100%', height, isSafely: true })
    void resize.catch((error: unknown) => {
      console.warn('resizeWindow failed', error)
    })
  })
  observer.observe(node)
  return () => observer.disconnect()
}

async function callRest<T>(b24: B24Frame, method: string, params: Record<string, unknown>): Promise<T> {
  const answer = await b24.actions.v2.call.make<T>({ method, params })
  if (!answer.isSuccess) throw new Error(answer.getErrorMessages().join('; ') || `${method} failed`)
  return answer.getData()!.result
}

function toPortalFrame(b24: B24Frame): PortalFrame {
  return {
    lang: b24.getLang(),
    isAdmin: b24.auth.isAdmin,
    isInstallMode: b24.isInstallMode,
    placement: b24.placement.placement,
    placementOptions: { ...(b24.placement.options as Record<string, unknown>) },
    portalUrl: b24.getTargetOrigin(),
    auth: () => authOf(b24),
    refreshAuth: async () => {
      await b24.auth.refreshAuth()
      return authOf(b24)
    },
    setTitle: (title) => b24.parent.setTitle(title),
    call: (method, params = {}) => callRest(b24, method, params),
    followHeight: (node) => followHeight(b24, node),
    selectUsers: async () => (await b24.dialog.selectUsers()).map((u) => ({ id: Number(u.id), name: u.name })),
    selectCrmItem: async () => pickedCrm(await b24.dialog.selectCRM({ entityType: ['deal', 'lead'], multiple: false })),
    openPath: async (path) => {
      await b24.slider.openPath(b24.slider.getUrl(path))
    },
    installFinish: () => b24.installFinish(),
  }
}

/** Whether the page sits in a Bitrix24 app frame: Bitrix24 names the iframe `DOMAIN|PROTOCOL|APP_SID`. */
export function isInsideBitrix24(windowName: string): boolean {
  const [domain, , appSid] = windowName.split('|')
  return Boolean(domain && appSid)
}

/** Connects to the parent portal page; outside a Bitrix24 frame it answers `{ kind: 'outside' }` at once. */
export async function connectFrame(): Promise<PortalFrame | FrameFailure> {
  if (!isInsideBitrix24(window.name)) return { kind: 'outside' }
  try {
    return toPortalFrame(await initializeB24Frame())
  } catch (error) {
    if (error instanceof SdkError && error.code === 'JSSDK_CLIENT_SIDE_WARNING') return { kind: 'outside' }
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) }
  }
}
