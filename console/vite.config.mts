import { defineConfig } from 'vite';

// The admin console, served by the gateway at /console (src/console/register-console.ts).
// scripts/console-build.js runs this build when the sources change and measures what it wrote.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The manifest tells the size report which chunks each page downloads.
    manifest: true,
    // GraphiQL's editor (Monaco) is large by nature; it is its own page, measured on its own.
    chunkSizeWarningLimit: 5000,
    reportCompressedSize: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // Radix and framer-motion (inside GraphiQL) mark modules "use client" for React Server
        // Components; a client-only bundle has nothing to preserve.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
