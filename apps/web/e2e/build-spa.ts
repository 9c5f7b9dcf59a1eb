/** @module Browser-test support: builds the SPA for production into a folder, as Vercel's build does. */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

/** The SPA's root (`apps/web/`). */
export const webRoot = fileURLToPath(new URL('../', import.meta.url))

/** Builds the SPA into `outDir` with `NODE_ENV=production`. */
export async function buildSpa(outDir: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ root: webRoot, configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir } })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}
