import { InvalidInputError, type FieldIssue } from '../errors.ts';

// Deliberately loose: one @, something on each side, a dot in the domain. Deliverability is
// not ours to judge; obvious typos and garbage are.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Control, format (zero-width, soft hyphen, bidi), private-use and unassigned code points: none
// belongs in an address, format characters make invisible look-alikes, and an unassigned one
// might be given a normal form later that the database does not know yet.
const INVISIBLE_OR_UNASSIGNED = /\p{C}/u;
const MAX_EMAIL = 254;
const MIN_PASSWORD = 8;
const MAX_PASSWORD = 256;

/** Checks an email and password for registration; throws InvalidInputError listing each. */
export function assertValidRegistration(email: string, password: string): void {
  const issues: FieldIssue[] = [];
  if (email.length > MAX_EMAIL || !EMAIL.test(email) || INVISIBLE_OR_UNASSIGNED.test(email)) {
    issues.push({ loc: ['email'], msg: 'value is not a valid email address', type: 'value_error', input: email });
  }
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
    issues.push({
      loc: ['password'],
      msg: `Password should be between ${MIN_PASSWORD} and ${MAX_PASSWORD} characters`,
      type: 'string_length',
      input: '***',
    });
  }
  if (issues.length) throw new InvalidInputError('Invalid registration', issues);
}
