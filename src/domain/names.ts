import { InvalidInputError } from './errors.ts';

/** A trimmed, non-empty, bounded display name (tenants, roles, datasets).
 * @throws InvalidInputError naming the field. */
export function cleanName(value: string, field: string, max = 100): string {
  const name = value.trim();
  if (!name || name.length > max) {
    throw new InvalidInputError(`Invalid ${field}`, [{ loc: [field], msg: `String should have 1 to ${max} characters`, type: 'string_length', input: value }]);
  }
  return name;
}
