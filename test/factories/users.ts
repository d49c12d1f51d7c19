import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../src/domain/accounts/passwords.ts';
import type { PrismaClient } from '../../src/db/client.ts';
import { emailKey, normaliseEmail } from '../../src/domain/accounts/email-key.ts';
import { TEST_JWT } from '../helpers/app.ts';
import { JwtService } from '../../src/auth/jwt.ts';

export const DEFAULT_PASSWORD = 'correct horse battery staple';
// argon2 costs ~50 ms: hash the default password once per test file, not once per user.
let defaultHash: Promise<string> | undefined;

export interface UserOverrides {
  email?: string;
  password?: string;
  isActive?: boolean;
}

/** Inserts a user straight into the database (for arranging tests, not for testing registration). */
export async function buildUser(prisma: PrismaClient, overrides: UserOverrides = {}) {
  const email = normaliseEmail(overrides.email ?? `user-${randomBytes(5).toString('hex')}@example.test`);
  const passwordHash = overrides.password ? await hashPassword(overrides.password) : await (defaultHash ??= hashPassword(DEFAULT_PASSWORD));
  return prisma.user.create({ data: { email, emailKey: emailKey(email), passwordHash, isActive: overrides.isActive ?? true } });
}

const jwt = new JwtService(TEST_JWT);

/** A valid bearer token for a user, as login would issue it. */
export async function tokenFor(user: { id: string }): Promise<{ token: string }> {
  return { token: (await jwt.issue(user.id)).token };
}
