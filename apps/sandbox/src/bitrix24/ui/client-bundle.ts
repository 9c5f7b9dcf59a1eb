/**
 * @module The portal page script, bundled from `client/main.ts` with esbuild on first request and cached.
 * The sandbox runs TypeScript through tsx without a build step; esbuild (which tsx and vite already use) turns
 * the typed browser modules into one IIFE.
 */
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

let bundle: Promise<string> | null = null

async function buildBundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./client/main.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'silent',
  })
  const output = result.outputFiles[0]
  if (!output) throw new Error('esbuild produced no output for the portal page script')
  return output.text
}

/**
 * The JavaScript of the portal page (parent frame, slider, selectors). Built once per process; a failed build
 * is not cached, so the next request tries again.
 */
export function portalScript(): Promise<string> {
  if (bundle === null) {
    const pending = buildBundle()
    bundle = pending
    pending.catch(() => {
      if (bundle === pending) bundle = null
    })
  }
  return bundle
}
