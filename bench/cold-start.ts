/**
 * `npm run bench:cold-start [-- --output <dir>] [--runs <n>]`: cold starts of the built Vercel function. Builds the
 * output with `vercel build` in a temp copy (minutes), or takes an existing `.vercel/output` folder, then starts
 * `runs` (default 10) fresh instances per first request — `/api/health`, a Telegram update, an SPA API call — the
 * way Vercel's Node launcher runs them, against the KV store (Upstash REST over a real redis-server) and both
 * sandboxes. Prints p50 and max of the import of the function and of the time from process start to the first
 * answer, and the function's size. Goal: p50 ≤ 300 ms to the first answer.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  buildVercelOutput,
  functionSize,
  startFunctionHost,
  type BuiltOutput,
} from '../scripts/test-support/vercel/vercel-output.ts'
import { stackSecrets, startVercelStack, type VercelStack } from '../scripts/test-support/vercel/vercel-stack.ts'

const { values } = parseArgs({ options: { output: { type: 'string' }, runs: { type: 'string', default: '10' } } })
const runs = Number(values.runs)

/** The first requests measured, each in its own fresh instances. */
const firstRequests: Record<string, (stack: VercelStack, run: number) => Promise<Response>> = {
  'GET /api/health': (stack) => fetch(`${stack.edge.url}/api/health`),
  'Telegram update': (stack, run) =>
    fetch(`${stack.edge.url}/api/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': stackSecrets.webhook },
      body: JSON.stringify({
        update_id: 900_000 + run,
        message: {
          message_id: run,
          date: Math.floor(Date.now() / 1000),
          chat: { id: 700_000_002, type: 'private' },
          from: { id: 700_000_002, is_bot: false, first_name: 'Иван' },
          text: '/help',
        },
      }),
    }),
  'SPA API call': (stack) =>
    fetch(`${stack.edge.url}/api/app/approvals`, {
      headers: {
        authorization: `Bearer ${stack.b24.issueTokens(3).access_token}`,
        'x-b24-member-id': stack.b24.memberId,
      },
    }),
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.ceil(p * values.length) - 1]!
const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`

async function measure(stack: VercelStack, output: BuiltOutput, name: string) {
  const imports: number[] = []
  const answers: number[] = []
  for (let run = 0; run < runs; run++) {
    const started = performance.now()
    const host = await startFunctionHost(output.functionDir, stack.env)
    stack.edge.use(host)
    const response = await firstRequests[name]!(stack, run)
    answers.push(performance.now() - started)
    imports.push(host.importMs)
    if (!response.ok) throw new Error(`${name} answered ${response.status}: ${await response.text()}`)
    await host.idle()
    await host.stop()
  }
  return { imports, answers }
}

/** The `--output` folder, or a fresh `vercel build` of the working tree. */
async function outputToMeasure(): Promise<BuiltOutput> {
  if (!values.output) {
    console.log('vercel build in a temp copy of the working tree (a few minutes)…')
    return buildVercelOutput()
  }
  const functionDir = join(values.output, 'functions', 'api', 'index.func')
  return { root: values.output, outputDir: values.output, functionDir, buildMs: 0 }
}

async function main() {
  const output = await outputToMeasure()
  const stack = await startVercelStack(output)
  try {
    await stack.startInstance()
    await stack.b24.install({ userId: 1 })
    await stack.idle()
    await stack.instance().stop()
    const size = functionSize(output.functionDir)
    if (output.buildMs > 0) console.log(`vercel build: ${(output.buildMs / 1000).toFixed(0)} s`)
    console.log(`function: ${size.files} files, ${(size.bytes / 1024 / 1024).toFixed(1)} MiB`)
    console.log(`${runs} fresh instances per first request (p50 / max):`)
    console.log(`${''.padEnd(18)}  import of the function      process start → first answer`)
    for (const name of Object.keys(firstRequests)) {
      const { imports, answers } = await measure(stack, output, name)
      const importFigures = `${ms(percentile(imports, 0.5))} / ${ms(Math.max(...imports))}`
      console.log(
        `${name.padEnd(18)}  ${importFigures}      ${ms(percentile(answers, 0.5))} / ${ms(Math.max(...answers))}`,
      )
    }
  } finally {
    await stack.close()
    if (!values.output) rmSync(output.root, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
