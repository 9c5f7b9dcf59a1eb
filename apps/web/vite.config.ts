import vue from '@vitejs/plugin-vue'
import b24ui from '@bitrix24/b24ui-nuxt/vite'
import { defineConfig } from 'vite'
import { initialSizeReport } from './src/build-report/bundle-size.ts'

/**
 * The SPA shown inside the Bitrix24 frame. b24ui registers its `B24*` components at compile time (only the used
 * ones are bundled); composables are imported explicitly. `/api` goes to the app server in development.
 */
export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    b24ui({
      autoImport: false,
      dts: false,
      colorMode: false,
      // Both off, or the vue-plugin registers every Prose* component globally (~40 kB gzip on the home route).
      prose: false,
      mdc: false,
    }),
    initialSizeReport(),
  ],
  server: { port: 5173, proxy: { '/api': 'http://localhost:8787' } },
  build: { outDir: 'dist', emptyOutDir: true, reportCompressedSize: true },
})
