/**
 * @module Resolves a request path against a Build Output API v3 `config.json`, as Vercel's edge does before a
 * function or a static file answers (https://vercel.com/docs/build-output-api/v3/configuration#routes): the routes
 * before `{ handle: "filesystem" }`, then the filesystem (static files, then functions), then the routes after it,
 * where `check: true` sends a rewritten path back to the filesystem and, when nothing is there, through the `miss`
 * phase; an unanswered request goes through the `error` phase. Only the route fields `vercel build` writes for this
 * project are understood; any other field is refused, so a change in Vercel's output fails loudly instead of being
 * served wrongly.
 */

/** One entry of `config.json` `routes`. */
export interface OutputRoute {
  handle?: 'filesystem' | 'miss' | 'error' | 'hit' | 'rewrite' | 'resource'
  src?: string
  dest?: string
  status?: number
  check?: boolean
  continue?: boolean
}

/** What answers a request: a static file, a function (by its path, e.g. `/api`), or a bare status. */
export type RouteTarget =
  | { kind: 'static'; path: string; status: number }
  | { kind: 'function'; path: string }
  | { kind: 'status'; status: number }

/** What exists in the output: `static/` files and `functions/*.func` paths, both as URL paths. */
export interface OutputFilesystem {
  isStatic(path: string): boolean
  isFunction(path: string): boolean
}

const knownFields = new Set(['handle', 'src', 'dest', 'status', 'check', 'continue'])

/**
 * Splits `routes` into Vercel's phases.
 * @throws Error for a route field this emulation does not implement.
 */
export function routePhases(routes: OutputRoute[]): Map<string, OutputRoute[]> {
  const phases = new Map<string, OutputRoute[]>([['main', []]])
  let phase = 'main'
  for (const route of routes) {
    const unknown = Object.keys(route).filter((key) => !knownFields.has(key))
    if (unknown.length > 0)
      throw new Error(`Unsupported route field(s) ${unknown.join(', ')}: ${JSON.stringify(route)}`)
    if (route.handle) {
      phase = route.handle
      phases.set(phase, phases.get(phase) ?? [])
    } else {
      phases.get(phase)!.push(route)
    }
  }
  return phases
}

const matchRoute = (route: OutputRoute, path: string) => (route.src ? new RegExp(route.src).exec(path) : null)
const substitute = (dest: string, match: RegExpExecArray) =>
  dest.replace(/\$(\d+)/g, (_, index: string) => match[Number(index)] ?? '')

function fromFilesystem(path: string, files: OutputFilesystem, status = 200): RouteTarget | undefined {
  const file = path.endsWith('/') ? `${path}index.html` : path
  if (files.isStatic(file)) return { kind: 'static', path: file, status }
  if (files.isFunction(path)) return { kind: 'function', path }
  return undefined
}

/** Runs one phase's routes over `path`; returns a final target or the path to continue with. */
function runPhase(
  routes: OutputRoute[],
  path: string,
  files: OutputFilesystem,
  phases: Map<string, OutputRoute[]>,
): RouteTarget | string {
  for (const route of routes) {
    const match = matchRoute(route, path)
    if (!match) continue
    if (route.dest === undefined && route.status !== undefined) return { kind: 'status', status: route.status }
    const dest = route.dest === undefined ? path : substitute(route.dest, match).split('?')[0]!
    if (route.status !== undefined)
      return fromFilesystem(dest, files, route.status) ?? { kind: 'status', status: route.status }
    if (route.check) {
      const found = fromFilesystem(dest, files)
      if (found) return found
      const missed = runPhase(phases.get('miss') ?? [], dest, files, phases)
      if (typeof missed !== 'string') return missed
    }
    path = dest
    if (!route.continue && !route.check) return fromFilesystem(path, files) ?? { kind: 'status', status: 404 }
  }
  return path
}

/**
 * Resolves `path` (no query) to what answers it.
 * @throws Error for a route field this emulation does not implement.
 */
export function resolveRoute(routes: OutputRoute[], path: string, files: OutputFilesystem): RouteTarget {
  const phases = routePhases(routes)
  const main = runPhase(phases.get('main')!, path, files, phases)
  if (typeof main !== 'string') return main
  const found = phases.has('filesystem') ? fromFilesystem(main, files) : undefined
  if (found) return found
  const rewritten = runPhase(phases.get('filesystem') ?? [], main, files, phases)
  if (typeof rewritten !== 'string') return withErrorPhase(rewritten, path, files, phases)
  return withErrorPhase({ kind: 'status', status: 404 }, path, files, phases)
}

/** A bare error status goes through the `error` phase, which may answer it with a page (e.g. `/404.html`). */
function withErrorPhase(
  target: RouteTarget,
  path: string,
  files: OutputFilesystem,
  phases: Map<string, OutputRoute[]>,
): RouteTarget {
  if (target.kind !== 'status') return target
  for (const route of phases.get('error') ?? []) {
    const match = matchRoute(route, path)
    if (!match || (route.status !== undefined && route.status !== target.status)) continue
    const page = route.dest === undefined ? undefined : substitute(route.dest, match)
    if (page && files.isStatic(page)) return { kind: 'static', path: page, status: target.status }
  }
  return target
}
