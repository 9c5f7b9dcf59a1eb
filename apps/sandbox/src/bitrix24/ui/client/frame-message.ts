/**
 * @module The wire format between an app frame and the portal page (reference §6.2, §6.3): parsing what the
 * frame posts and formatting what the parent answers. Pure; runs in the browser bundle and in node tests.
 */

/** One command the app frame sent to the parent page. */
export interface FrameCommand {
  /** Command name, e.g. `getInitData`, `resizeWindow`. */
  command: string
  /** Parsed parameters; `{}` when the frame sent none. */
  params: Record<string, unknown>
  /** Id the reply must carry; empty when the frame expects no reply (legacy BX24 may send it empty). */
  callbackId: string
  /** `APP_SID` of the frame that sent it; the parent ignores commands of other frames. */
  appSid: string
}

const asParams = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}

/**
 * Parses a message posted by an app frame, the way the portal's `applayout.js` does: a string
 * `<command>:<paramsJSON>:<callbackId>:<APP_SID>` split on `:` with the params being everything between the first
 * and the last two parts (so JSON containing colons survives and the b24jssdk 3-part form yields no params), or
 * the object form `{method, params, callback, appSid}` b24jssdk uses for command names containing `:`.
 *
 * @returns the command, or `null` when the message is not a frame command or its params are not valid JSON.
 */
export function parseFrameMessage(data: unknown): FrameCommand | null {
  if (typeof data === 'object' && data !== null) {
    const message = data as Record<string, unknown>
    if (typeof message.method !== 'string') return null
    return {
      command: message.method,
      params: asParams(message.params),
      callbackId: typeof message.callback === 'string' ? message.callback : '',
      appSid: typeof message.appSid === 'string' ? message.appSid : '',
    }
  }
  if (typeof data !== 'string') return null
  const parts = data.split(':')
  if (parts.length < 3) return null
  const rawParams = parts.slice(1, parts.length - 2).join(':')
  let params: unknown = {}
  if (rawParams !== '') {
    try {
      params = JSON.parse(rawParams)
    } catch {
      return null // applayout.js throws here and the command is lost; the sandbox drops it the same way
    }
  }
  return {
    command: parts[0] ?? '',
    params: asParams(params),
    callbackId: parts[parts.length - 2] ?? '',
    appSid: parts[parts.length - 1] ?? '',
  }
}

/**
 * Formats the parent's answer to a command: `<callbackId>:<JSON>`, or `<callbackId>:` when the handler answers
 * with `undefined` (reference §6.3).
 */
export function formatFrameReply(callbackId: string, result: unknown): string {
  return `${callbackId}:${result === undefined ? '' : JSON.stringify(result)}`
}
