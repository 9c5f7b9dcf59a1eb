/**
 * @module The size of what the home route loads first: the entry chunk, the chunks it imports statically and
 * their CSS, gzipped. `npm run build` prints it and writes `size-report.json`; a test holds it to the budget.
 */
import { gzipSync } from 'node:zlib'
import type { Plugin, Rollup } from 'vite'

type OutputBundle = Rollup.OutputBundle
type OutputChunk = Rollup.OutputChunk

/** The budget for the home route's initial JavaScript, in gzip kB: the first page in the portal frame must stay light. */
export const INITIAL_JS_BUDGET_KB = 320

/** Gzip sizes in kB (1 kB = 1000 bytes, as Vite prints them) of the home route's initial JavaScript and CSS. */
export interface InitialSize {
  jsKb: number
  cssKb: number
  files: string[]
}

const kb = (bytes: number) => Math.round(bytes / 100) / 10

function chunkOf(bundle: OutputBundle, file: string): OutputChunk | null {
  const item = bundle[file]
  return item?.type === 'chunk' ? item : null
}

/** Measures the entry chunk, its static imports (recursively) and their CSS in `bundle`. */
export function measureInitial(bundle: OutputBundle): InitialSize {
  const entry = Object.values(bundle).find((item): item is OutputChunk => item.type === 'chunk' && item.isEntry)
  if (!entry) throw new Error('The bundle has no entry chunk')
  const js = new Set<string>()
  const css = new Set<string>()
  const visit = (chunk: OutputChunk) => {
    if (js.has(chunk.fileName)) return
    js.add(chunk.fileName)
    chunk.viteMetadata?.importedCss.forEach((file) => css.add(file))
    chunk.imports.forEach((file) => {
      const next = chunkOf(bundle, file)
      if (next) visit(next)
    })
  }
  visit(entry)
  const gz = (file: string) => {
    const item = bundle[file]
    if (!item) return 0
    return gzipSync(item.type === 'chunk' ? item.code : item.source).length
  }
  const sum = (files: Set<string>) => kb([...files].reduce((total, file) => total + gz(file), 0))
  return { jsKb: sum(js), cssKb: sum(css), files: [...js, ...css] }
}

/** Vite plugin: prints the initial sizes after the build and emits `size-report.json`. */
export function initialSizeReport(): Plugin {
  return {
    name: 'tac:initial-size-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const size = measureInitial(bundle)
      this.emitFile({ type: 'asset', fileName: 'size-report.json', source: JSON.stringify(size, null, 2) })
      console.log(
        `\nHome route, initial load (gzip): JS ${size.jsKb} kB (budget ${INITIAL_JS_BUDGET_KB} kB), CSS ${size.cssKb} kB`,
      )
    },
  }
}
