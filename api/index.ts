/**
 * The Vercel function: the app of `apps/server/src/vercel.ts` as `npm run build` bundles it into one module
 * (`#server/vercel` is `apps/server/dist/vercel.mjs` at run time; its types come from the source).
 */
import { app } from '#server/vercel'

export default app
