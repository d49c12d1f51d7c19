import { connectDatabase, type Database } from '../../src/db/database.ts';
import { serviceEnv } from '../stress/support/service-env.ts';
import { createMigratedDatabase, type TestDatabase } from './database.ts';
import { killAllServices, ServiceProcess } from './service-process.ts';

/** Two service processes (A and B) on one new migrated database, and a client of that database
 * for the test's own SQL. Migrated already (the template): neither process migrates, and both
 * share the tests' JWT secret, so a token minted by the test works on either. */
export interface ServicePair {
  database: TestDatabase;
  db: Database;
  services: ServiceProcess[];
  stop(): Promise<void>;
}

export async function startServicePair(): Promise<ServicePair> {
  const database = await createMigratedDatabase();
  const db = connectDatabase(database.connection, { server: database.kind, poolSize: 4 }, { info: () => undefined, warn: () => undefined, error: () => undefined });
  const services: ServiceProcess[] = [];
  for (const name of ['A', 'B']) services.push(new ServiceProcess(name, await serviceEnv(database)));
  await Promise.all(services.map((service) => service.started()));
  return {
    database,
    db,
    services,
    async stop() {
      await Promise.all(services.map((service) => service.stop()));
      await killAllServices();
      await db.close();
      await database.drop();
    },
  };
}
