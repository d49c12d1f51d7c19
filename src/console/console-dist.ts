import { join } from 'node:path';

/** Where `npm run console:build` (scripts/console-build.js) writes the admin console. */
export const CONSOLE_DIST = join(__dirname, '..', '..', 'console', 'dist');

/** The console's pages: its own scripts and styles only. Styles may be inline (GraphiQL's editor
 * writes its own), its web workers come from this origin, and it talks to this origin alone. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
