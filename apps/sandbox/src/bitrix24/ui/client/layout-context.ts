/**
 * @module The state one app layout keeps while its frame runs, and the handler signature of the commands of
 * reference §6.4.
 */
import type { LayoutConfig } from './layout-config.ts'
import { postPortal } from './portal-ajax.ts'

/** Answers the command; omitted for commands the parent never answers. */
export type Reply = (result?: unknown) => void

/** State and DOM of one layout, shared by its command handlers. */
export interface LayoutContext {
  config: LayoutConfig
  /** The box `resizeWindow` resizes; the iframe fills it. */
  layout: HTMLElement
  frame: HTMLIFrameElement
  /** `FIRST_RUN` is answered `true` only once per page, then cleared (as `getInitData` does). */
  firstRun: boolean
  /** Current frame tokens; `refreshAuth` replaces them. */
  auth: { AUTH_ID: string; AUTH_EXPIRES: string; REFRESH_ID: string }
  /** `setAppOption` calls waiting for the next batched `set_option` request. */
  appOptionsStack: { name: string; value: unknown; reply: Reply }[]
  /** `placementBindEvent` callbacks by event name. */
  boundEvents: Map<string, Reply[]>
}

/** A command handler: `params` as the frame sent them, `reply` bound to the frame's callback id. */
export type CommandHandler = (params: Record<string, unknown>, reply: Reply, context: LayoutContext) => void

/** POSTs to this layout's portal endpoint (`<ajaxPath>/<action>`). */
export function layoutAjax<T>(context: LayoutContext, action: string, body: unknown = {}): Promise<T> {
  return postPortal<T>(`${context.config.ajaxPath}/${action}`, body)
}

/** Creates the context of a layout from its config and DOM. */
export function createLayoutContext(
  config: LayoutConfig,
  layout: HTMLElement,
  frame: HTMLIFrameElement,
): LayoutContext {
  return {
    config,
    layout,
    frame,
    firstRun: config.initData.FIRST_RUN,
    auth: {
      AUTH_ID: config.initData.AUTH_ID,
      AUTH_EXPIRES: config.initData.AUTH_EXPIRES,
      REFRESH_ID: config.initData.REFRESH_ID,
    },
    appOptionsStack: [],
    boundEvents: new Map(),
  }
}

/**
 * Delivers a placement event to every `placementBindEvent` callback bound to it (reference §6.4).
 * @returns how many callbacks received it.
 */
export function emitPlacementEvent(context: LayoutContext, event: string, data: unknown): number {
  const replies = context.boundEvents.get(event) ?? []
  for (const reply of replies) reply(data)
  return replies.length
}
