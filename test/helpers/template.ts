import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where global setup leaves the migrated template each test file clones. */
export const TEMPLATE_ENV = 'TENANTRY_TEST_TEMPLATE';

export function newTemplateFile(): string {
  return join(tmpdir(), `tenantry-template-${process.pid}-${randomBytes(4).toString('hex')}.tar`);
}

export function newTemplateDatabaseName(): string {
  return `tenantry_template_${randomBytes(6).toString('hex')}`;
}
