/**
 * @module One embedded app frame on a portal page (`BX.rest.AppLayout`): submits the hidden POST form into the
 * iframe and answers the frame's postMessage commands (reference §6.1–§6.4).
 */
import { coreCommands, placementCommands } from './commands-core.ts'
import { uiCommands } from './commands-ui.ts'
import { formatFrameReply, parseFrameMessage } from './frame-message.ts'
import type { LayoutConfig } from './layout-config.ts'
import { createLayoutContext, type CommandHandler, type LayoutContext, type Reply } from './layout-context.ts'

/** A command the layout received, kept for the portal's own diagnostics and for browser tests. */
export interface ReceivedCommand {
  command: string
  params: Record<string, unknown>
  answered: boolean
}

/** What the page exposes on `window.b24SandboxLayouts`, keyed by `APP_SID`. */
export interface RunningLayout {
  context: LayoutContext
  received: ReceivedCommand[]
}

function commandsFor(config: LayoutConfig): Record<string, CommandHandler> {
  const common = { ...coreCommands, ...uiCommands }
  return config.initData.PLACEMENT === 'DEFAULT' ? common : { ...common, ...placementCommands }
}

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id)
  if (!found) throw new Error(`App layout element #${id} is missing`)
  return found as T
}

/**
 * Starts one layout: listens for the frame's messages, then submits the form that loads the app.
 * @returns the running layout (also registered on `window.b24SandboxLayouts`).
 */
export function startAppLayout(config: LayoutConfig): RunningLayout {
  const layout = element<HTMLElement>(config.layoutId)
  const frame = element<HTMLIFrameElement>(config.frameId)
  const form = element<HTMLFormElement>(config.formId)
  const context = createLayoutContext(config, layout, frame)
  const running: RunningLayout = { context, received: [] }
  const commands = commandsFor(config)
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== config.appOrigin) return
    const message = parseFrameMessage(event.data)
    if (message === null || message.appSid !== config.appSid) return
    const handler = commands[message.command]
    if (!handler || config.deniedCommands.includes(message.command)) return // unknown or denied: silently ignored
    const entry: ReceivedCommand = { command: message.command, params: message.params, answered: false }
    running.received.push(entry)
    const reply: Reply = (result) => {
      entry.answered = true
      if (message.callbackId === '') return
      frame.contentWindow?.postMessage(formatFrameReply(message.callbackId, result), config.appOrigin)
    }
    handler(message.params, reply, context)
  })
  frame.addEventListener('load', () => layout.classList.remove('app-layout--loading'))
  const registry = ((window as Window & { b24SandboxLayouts?: Record<string, RunningLayout> }).b24SandboxLayouts ??= {})
  registry[config.appSid] = running
  form.submit()
  return running
}
