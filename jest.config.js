// @ts-check
const { readFileSync } = require('node:fs');

// One compiler for tests and runtime: swc, configured once in .swcrc.
const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { ...swc, swcrc: false }] },
  // jose 6 and the schema engine glue are ESM-only.
  transformIgnorePatterns: ['/node_modules/(?!(jose|@prisma/schema-engine-wasm)/)'],
  testTimeout: 60_000,
  // PGlite holds ~0.5 GB per instance: two workers fit two cores and the memory comfortably.
  maxWorkers: 2,
};
