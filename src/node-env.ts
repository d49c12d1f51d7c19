import { productionNodeEnv } from './config.ts';

/** Imported first by every entry point (src/main.ts, src/cli/main.ts), before any library:
 * graphql-js, Fastify's plugins and others decide at import time from NODE_ENV whether to run
 * their development checks (graphql-js's cost a check on every field it resolves). */
productionNodeEnv(process.env);
