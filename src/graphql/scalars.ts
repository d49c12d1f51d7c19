import { UUIDResolver } from 'graphql-scalars';
import { DateTimeISOResolver } from 'graphql-scalars';

/** UUID for every id: malformed ids are refused while variables are coerced, before any resolver. */
export const UUID = UUIDResolver;
export const DateTimeISO = DateTimeISOResolver;

/** The same check the UUID scalar applies, for transports that parse ids themselves (REST). */
export function isUuid(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    UUID.parseValue(value);
    return true;
  } catch {
    return false;
  }
}
