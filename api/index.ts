import { app } from '../apps/server/src/vercel.ts'

export default app
