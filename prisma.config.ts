// Read by the prisma CLI (generate). Migrations run through our own runner (src/db/migrate),
// because the CLI's native engine cannot be downloaded on these machines.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
