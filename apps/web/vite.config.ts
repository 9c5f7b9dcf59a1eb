import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

/** The SPA shown inside the Bitrix24 frame; `/api` goes to the app server in development. */
export default defineConfig({
  plugins: [vue()],
  server: { port: 5173, proxy: { '/api': 'http://localhost:8787' } },
  build: { outDir: 'dist', emptyOutDir: true },
})
