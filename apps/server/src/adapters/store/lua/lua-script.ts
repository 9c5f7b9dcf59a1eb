/**
 * @module Lua scripts and the minimal transport they run over, shared by the Redis and Vercel KV Store adapters.
 */
import { createHash } from 'node:crypto'
import { UpstreamError } from '../../../ports/errors.ts'

/** A Lua script with its SHA-1, so it can run by `EVALSHA` once the server knows it. */
export interface LuaScript {
  /** Short name used in error messages (`claim`, `indexPage`, …). */
  readonly name: string
  readonly source: string
  readonly sha1: string
}

/**
 * What the Lua Store needs from a Redis connection: `EVALSHA`/`EVAL` with string keys and arguments, `PING` and
 * closing. Replies arrive as Redis sends them: bulk strings as strings, integers as numbers, nil as `null`,
 * arrays as arrays. Implementations throw the client's error unchanged; {@link runScript} maps it.
 */
export interface ScriptTransport {
  evalsha(sha1: string, keys: string[], args: string[]): Promise<unknown>
  eval(source: string, keys: string[], args: string[]): Promise<unknown>
  ping(): Promise<boolean>
  close(): Promise<void>
}

/** Defines a Lua script; its SHA-1 is computed once, here. */
export function defineScript(name: string, source: string): LuaScript {
  return { name, source, sha1: createHash('sha1').update(source).digest('hex') }
}

/**
 * Runs `script` by its SHA-1 and falls back to sending the source when the server answers `NOSCRIPT`
 * (first use, or the script cache was flushed). Redis runs a script atomically: no other command interleaves.
 * @throws UpstreamError `STORE_UNAVAILABLE` when the server cannot be reached or the script fails.
 */
export async function runScript(
  transport: ScriptTransport,
  script: LuaScript,
  keys: string[],
  args: string[],
): Promise<unknown> {
  try {
    return await transport.evalsha(script.sha1, keys, args)
  } catch (error) {
    if (!isNoScriptError(error)) throw storeFailure(script, error)
  }
  try {
    return await transport.eval(script.source, keys, args)
  } catch (error) {
    throw storeFailure(script, error)
  }
}

function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && /NOSCRIPT/i.test(error.message)
}

function storeFailure(script: LuaScript, cause: unknown): UpstreamError {
  // The client's message may quote the command and its arguments, so it rides only as the cause.
  return new UpstreamError('STORE_UNAVAILABLE', `The store failed to run the "${script.name}" script`, { cause })
}
