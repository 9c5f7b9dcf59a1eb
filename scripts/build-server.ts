/**
 * @module `npm run build:server` (part of `npm run build`): bundles the server with esbuild into `apps/server/dist`:
 * `vercel.mjs`, the Vercel function that `api/index.ts` re-exports, and `serve.mjs`, the self-hosted process of
 * `npm run serve`. One module per entry instead of hundreds of files: a serverless cold start parses one file, and
 * no file tracer can miss a dependency. Each store adapter is its own chunk, loaded only by the store that runs it,
 * and so are telegraf and b24jssdk, loaded by the first request that calls them (see `wiring/`);
 * `better-sqlite3` stays external, as a native module must (`vercel.json` keeps it out of the function: SQLite
 * cannot run on Vercel).
 */
import { build, type Metafile, type Plugin } from 'esbuild'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = join(import.meta.dirname, '..')

/** Where the bundles go; chunks sit beside the entries, so `import.meta.url`-relative paths keep their meaning. */
export const serverDistDir = join(root, 'apps/server/dist')

/** Packages loaded from `node_modules` at run time instead of being bundled. */
const external = ['better-sqlite3']

/**
 * zod re-exports its ~50 error-message locales as `z.locales`, which keeps all of them in the bundle (a quarter of
 * a megabyte that every cold start parses). The server never switches zod's locale — English, the default, is
 * imported by zod's schemas on its own — so `z.locales` is bundled empty; calling a locale from it is a build bug.
 */
const zodWithoutLocales: Plugin = {
  name: 'zod-without-locales',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export {}' }))
  },
}

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
    plugins: [zodWithoutLocales],
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
