import { defineConfig } from 'vite';

// The build lands in the gateway's classes (webapp/ on the classpath), where routing.WebAssets serves it:
// hashed file names under /assets, pre-compressed by scripts/compress.mjs.
export default defineConfig({
  build: {
    outDir: '../../../target/classes/webapp',
    emptyOutDir: true,
    target: 'es2022',
    // No inline polyfill script: the Content-Security-Policy allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 400,
  },
});
