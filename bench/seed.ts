// `npm run bench:seed [-- --quick]`: (re)creates the bench database (DATABASE_URL's server,
// database tenantry_bench) and seeds it for a full (or quick) run, then leaves it in place for
// bench:profile / bench:floor / bench:explain. `npm run bench` seeds its own and drops it after.
import { benchDatabase } from './lib/database.ts';
import { flag } from './lib/cli.ts';
import { makePlan } from './lib/plan.ts';
import { seed } from './lib/seed.ts';

const db = benchDatabase();
seed(db, makePlan(flag('quick')), console.log)
  .then((summary) => {
    console.log(`seeded ${db.name} in ${summary.seconds.toFixed(1)} s: ${JSON.stringify(summary.rows)}`);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
