/**
 * @module This repository's Vercel deployment, built by the real Vercel CLI and served on this machine (the build
 * test and `npm run bench:cold-start`). {@link buildVercelOutput} runs `vercel build` offline in a temp copy of the
 * working tree; {@link startFunctionHost} starts one instance of the built function the way Vercel's Node launcher
 * does (`function-host.ts`); {@link startEdge} plays Vercel's edge: `config.json`'s routes, `static/` files, and the
 * rewritten requests forwarded to the function with the URL the client asked for.
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process'
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { copyFileSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, extname, join, relative, sep } from 'node:path'
import { build } from 'esbuild'
import { resolveRoute, type OutputFilesystem, type OutputRoute } from './output-routes.ts'

const repoRoot = join(import.meta.dirname, '..', '..', '..')

/** A finished `vercel build`. */
export interface BuiltOutput {
  /** The temp copy the build ran in. */
  root: string
  /** Its `.vercel/output`. */
  outputDir: string
  /** The one function, `.vercel/output/functions/api/index.func`. */
  functionDir: string
  /** How long `vercel build` took. */
  buildMs: number
}

/** The project settings `vercel link` would write; `vercel.json` overrides them where it says more. */
const projectSettings = {
  projectId: 'prj_local_build',
  orgId: 'team_local_build',
  settings: {
    framework: null,
    buildCommand: 'npm run build',
    outputDirectory: 'apps/web/dist',
    installCommand: 'npm ci',
    nodeVersion: '24.x',
  },
}

/** Copies the working tree's files (tracked and new, not ignored) into `target`, as a clean clone holds them. */
function copyWorkingTree(target: string): void {
  const listed = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repoRoot })
  for (const file of listed.toString('utf8').split('\0').filter(Boolean)) {
    const from = join(repoRoot, file)
    if (!existsSync(from)) continue
    mkdirSync(dirname(join(target, file)), { recursive: true })
    copyFileSync(from, join(target, file))
  }
}

/**
 * Runs `vercel build` (the pinned devDependency) offline in a temp copy of the working tree with a generated
 * `.vercel/project.json`; it installs with `npm ci` and builds with `npm run build`, as on Vercel.
 * @throws Error with the end of the build log when the build fails.
 */
export async function buildVercelOutput(options: { log?: (chunk: string) => void } = {}): Promise<BuiltOutput> {
  const root = mkdtempSync(join(tmpdir(), 'tac-vercel-'))
  copyWorkingTree(root)
  mkdirSync(join(root, '.vercel'))
  writeFileSync(join(root, '.vercel', 'project.json'), JSON.stringify(projectSettings))
  const vercelBin = join(dirname(createRequire(import.meta.url).resolve('vercel/package.json')), 'dist', 'vc.js')
  const started = performance.now()
  const child = spawn(process.execPath, [vercelBin, 'build', '--yes'], {
    cwd: root,
    env: { ...process.env, VERCEL_TELEMETRY_DISABLED: '1', NO_UPDATE_NOTIFIER: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const collect = (chunk: Buffer) => {
    log += chunk.toString()
    options.log?.(chunk.toString())
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`vercel build exited with ${code}:\n${log.split('\n').slice(-40).join('\n')}`)
  const outputDir = join(root, '.vercel', 'output')
  return {
    root,
    outputDir,
    functionDir: join(outputDir, 'functions', 'api', 'index.func'),
    buildMs: performance.now() - started,
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

/** The function's size as deployed: its files and their bytes. */
export function functionSize(functionDir: string): { files: number; bytes: number } {
  const files = filesUnder(functionDir)
  return { files: files.length, bytes: files.reduce((sum, file) => sum + statSync(file).size, 0) }
}

/** One running instance of the built function. */
export interface FunctionHost {
  url: string
  /** Milliseconds the import of the function took inside the instance. */
  importMs: number
  /** Waits until every `waitUntil` promise of the instance has settled. */
  idle(): Promise<void>
  /** What the instance printed (its logs). */
  output(): string
  stop(): Promise<void>
}

let hostScript: Promise<string> | undefined

/** `function-host.ts` compiled once to plain JavaScript, so `node` runs it with no loader. */
function compiledHostScript(): Promise<string> {
  hostScript ??= (async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'tac-function-host-')), 'function-host.mjs')
    await build({
      entryPoints: [join(import.meta.dirname, 'function-host.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    })
    return outfile
  })()
  return hostScript
}

/**
 * Starts one fresh instance of the function in `functionDir` with exactly `env` (the deployment's environment).
 * @throws Error with the instance's output when the function cannot be loaded.
 */
export async function startFunctionHost(functionDir: string, env: Record<string, string>): Promise<FunctionHost> {
  const script = await compiledHostScript()
  const child = fork(script, [functionDir], { cwd: functionDir, env, execArgv: [], stdio: 'pipe' })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const ready = await Promise.race([
    new Promise<{ url: string; importMs: number }>((resolve) =>
      child.on('message', (m: { type?: string; url?: string; importMs?: number }) => {
        if (m.type === 'ready') resolve({ url: m.url!, importMs: m.importMs! })
      }),
    ),
    exited.then((code) => {
      throw new Error(`The function did not start (exit code ${code}):\n${output.trim()}`)
    }),
  ])
  return { ...ready, output: () => output, idle: () => askIdle(child), stop: () => stopChild(child, exited) }
}

let idleRequests = 0
function askIdle(child: ChildProcess): Promise<void> {
  const id = ++idleRequests
  return new Promise((resolve) => {
    const onMessage = (m: { type?: string; id?: number }) => {
      if (m.type !== 'idle' || m.id !== id) return
      child.off('message', onMessage)
      resolve()
    }
    child.on('message', onMessage)
    child.send({ type: 'idle', id })
  })
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  await exited
}

/** Vercel's edge in front of the output: routes, static files, and the function instance plugged in with `use`. */
export interface Edge {
  url: string
  use(host: FunctionHost | undefined): void
  close(): Promise<void>
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/** The output's filesystem as URL paths: `static/` files and `functions/**\/*.func` directories. */
function outputFilesystem(outputDir: string): OutputFilesystem {
  const toUrl = (path: string) => '/' + path.split(sep).join('/')
  const staticDir = join(outputDir, 'static')
  const statics = new Set(existsSync(staticDir) ? filesUnder(staticDir).map((f) => toUrl(relative(staticDir, f))) : [])
  const functionsDir = join(outputDir, 'functions')
  const functions = new Set(
    readdirSync(functionsDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name.endsWith('.func'))
      .map((entry) => toUrl(relative(functionsDir, join(entry.parentPath, entry.name))).replace(/\.func$/, ''))
      // `api/index.func` also answers `/api`, as `index.html` answers its folder.
      .flatMap((path) => (path.endsWith('/index') ? [path, path.slice(0, -'/index'.length) || '/'] : [path])),
  )
  return { isStatic: (path) => statics.has(path), isFunction: (path) => functions.has(path) }
}

async function forward(req: IncomingMessage, res: ServerResponse, host: FunctionHost): Promise<void> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value)
  headers.set('x-forwarded-host', req.headers.host ?? '127.0.0.1')
  headers.set('x-forwarded-proto', 'http')
  headers.set('x-forwarded-for', req.socket.remoteAddress ?? '127.0.0.1')
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  const chunks: Buffer[] = []
  if (hasBody) for await (const chunk of req) chunks.push(chunk as Buffer)
  const body = hasBody ? Buffer.concat(chunks) : undefined
  const response = await fetch(`${host.url}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    body,
    redirect: 'manual',
  })
  const out: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (!['content-encoding', 'content-length', 'transfer-encoding', 'set-cookie'].includes(name)) out[name] = value
  })
  if (response.headers.getSetCookie().length > 0) out['set-cookie'] = response.headers.getSetCookie()
  res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()))
}

/**
 * Listens on 127.0.0.1:0 and answers as Vercel's edge answers for `outputDir`. Until a function instance is plugged
 * in with `use`, function requests get 503.
 */
export async function startEdge(outputDir: string): Promise<Edge> {
  const routes = (JSON.parse(readFileSync(join(outputDir, 'config.json'), 'utf8')) as { routes: OutputRoute[] }).routes
  const files = outputFilesystem(outputDir)
  let host: FunctionHost | undefined
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://edge').pathname)
    const target = resolveRoute(routes, path, files)
    if (target.kind === 'static') {
      const file = join(outputDir, 'static', ...target.path.split('/'))
      res.writeHead(target.status, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' })
      return void createReadStream(file).pipe(res)
    }
    if (target.kind === 'status') return void res.writeHead(target.status).end(target.status === 404 ? 'NOT_FOUND' : '')
    if (!host) return void res.writeHead(503).end('no function instance')
    forward(req, res, host).catch((error: unknown) => res.writeHead(502).end(`edge: ${String(error)}`))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    use: (next) => void (host = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
