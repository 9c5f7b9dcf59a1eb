/**
 * @module `npm run build:server` (part of `npm run build`): bundles the server with esbuild into `apps/server/dist`:
 * `vercel.mjs`, the Vercel function that `api/index.ts` re-exports, and `serve.mjs`, the self-hosted process of
 * `npm run serve`. One module per entry instead of hundreds of files: a serverless cold start parses one file, and
 * no file tracer can miss a dependency. Each store adapter is its own chunk, loaded only by the store that runs it;
 * `better-sqlite3` stays external, as a native module must (`vercel.json` keeps it out of the function: SQLite
 * cannot run on Vercel).
 */
import { build, type Metafile } from 'esbuild'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = join(import.meta.dirname, '..')

/** Where the bundles go; chunks sit beside the entries, so `import.meta.url`-relative paths keep their meaning. */
export const serverDistDir = join(root, 'apps/server/dist')

/** Packages loaded from `node_modules` at run time instead of being bundled. */
const external = ['better-sqlite3']

/**
 * Bundles the server entries into `outdir` (emptied first) and returns esbuild's metafile.
 * @throws esbuild's error when a module cannot be resolved or compiled.
 */
export async function buildServer(outdir = serverDistDir): Promise<Metafile> {
  rmSync(outdir, { recursive: true, force: true })
  const result = await build({
    entryPoints: {
      vercel: join(root, 'apps/server/src/vercel.ts'),
      serve: join(root, 'apps/server/src/serve.ts'),
    },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    external,
    // CommonJS dependencies (telegraf, axios) call require() for Node's built-ins; an ES module has no require.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);",
    },
    // Minified, a cold start parses a third less; names stay for stack traces and error names, and the source map
    // (npm run serve runs node --enable-source-maps) maps them back to the sources.
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  })
  return result.metafile
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildServer().then(
    (metafile) => {
      const outputs = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.mjs'))
      for (const [file, { bytes }] of outputs) console.log(`  ${file}  ${(bytes / 1024).toFixed(0)} KiB`)
    },
    (error: unknown) => {
      console.error(`build:server failed: ${(error as Error).message}`)
      process.exit(1)
    },
  )
}
