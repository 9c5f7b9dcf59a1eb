/**
 * @module Helpers of the portal UI's browser tests: Debian's Chromium through playwright-core, the app frame of
 * a portal page, calls made by the real b24jssdk inside it, and REST calls as the installed app.
 */
import type { Frame, Page } from 'playwright-core'
import type { Bitrix24Sandbox } from '../bitrix24/sandbox-handle.ts'

/**
 * The frame inside `container` (default: the page's app layout) once it has loaded `url` (a prefix) and the
 * test page's `initializeB24Frame()` has settled.
 */
export async function appFrame(page: Page | Frame, url: string, container = '.app-layout iframe'): Promise<Frame> {
  const iframe = await page.waitForSelector(container)
  const frame = await iframe.contentFrame()
  if (!frame) throw new Error(`${container} has no frame`)
  await frame.waitForURL(`${url}**`)
  await frame.waitForFunction(() => document.body?.dataset.ready !== undefined)
  return frame
}

/** What `initializeB24Frame()` gave the test page. */
export const frameReport = (frame: Frame) => frame.evaluate(() => window.frameReport!)

/** Runs a REST method from inside the frame with `b24.actions.v2.call` and returns `result`. */
export const callFromFrame = (frame: Frame, method: string, params: Record<string, unknown> = {}) =>
  frame.evaluate(
    async ([name, body]) => (await window.b24!.actions.v2.call.make({ method: name, params: body })).getData()!.result,
    [method, params] as const,
  )

/** A REST call as the installed app with a fresh OAuth token of `userId`; returns `result`. */
export async function restAsApp(
  sandbox: Bitrix24Sandbox,
  method: string,
  params: Record<string, unknown>,
  userId = 1,
): Promise<unknown> {
  const response = await fetch(`${sandbox.restUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, auth: sandbox.issueTokens(userId).access_token }),
  })
  const body = (await response.json()) as { result?: unknown }
  if (!response.ok) throw new Error(`${method}: HTTP ${response.status} ${JSON.stringify(body)}`)
  return body.result
}
