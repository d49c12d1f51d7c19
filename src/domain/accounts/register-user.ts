import { hashPassword } from './passwords.ts';
import { isUniqueViolation } from '../../db/prisma-errors.ts';
import type { Tx } from '../../db/transaction.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { InvalidInputError } from '../errors.ts';
import { assertValidRegistration } from './credentials-rules.ts';
import { emailKey, normaliseEmail } from './email-key.ts';

export interface Registration {
  email: string;
  emailKey: string;
  passwordHash: string;
}

/** Validates and hashes outside any transaction: argon2 is ~50 ms of CPU that must not hold
 * a transaction open (the embedded database runs one transaction at a time).
 * @throws InvalidInputError for a malformed email or password. */
export async function prepareRegistration(input: { email: string; password: string }): Promise<Registration> {
  const email = normaliseEmail(input.email);
  assertValidRegistration(email, input.password);
  return { email, emailKey: emailKey(email), passwordHash: await hashPassword(input.password) };
}

/** Creates an active account.
 * @throws InvalidInputError (reason REGISTER_USER_ALREADY_EXISTS) when the email is taken, in any case. */
export async function registerUser(tx: Tx, registration: Registration, meta: RequestMeta = {}) {
  try {
    const user = await tx.user.create({ data: registration });
    await recordAudit(tx, { actorId: user.id, action: 'user.registered', targetUserId: user.id, requestId: meta.requestId, source: meta.source });
    return user;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new InvalidInputError('REGISTER_USER_ALREADY_EXISTS', [], 'REGISTER_USER_ALREADY_EXISTS');
    }
    throw error;
  }
}
