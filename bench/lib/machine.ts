import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import path from 'node:path';
import { ROOT } from './processes.ts';

export interface MachineFacts {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  postgres: string;
  packages: Record<string, string>;
  loadGenerator: string;
}

const PACKAGES = ['fastify', '@apollo/server', '@as-integrations/fastify', 'graphql', 'type-graphql', 'graphql-shield', 'graphql-middleware', '@prisma/client', '@prisma/adapter-pg', 'pg', 'jose', 'pino', 'autocannon', '@electric-sql/pglite'];

export async function machineFacts(postgres: string): Promise<MachineFacts> {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      packages[name] = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      packages[name] = '?';
    }
  }
  return {
    cpu: cpus()[0]?.model ?? '?',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    postgres: postgres.split(' on ')[0],
    packages,
    loadGenerator: `autocannon ${packages.autocannon} (in the bench process, same machine)`,
  };
}
