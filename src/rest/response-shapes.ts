import { z } from 'zod';

/** The building blocks of the legacy routes' success bodies. Each route declares its body as a zod
 * schema (`response`), its presenter is typed from it, and /openapi.json is generated from it:
 * the document and the answers cannot drift apart. An `id` makes a shape a named component. */

export const uuidOut = z.string().meta({ format: 'uuid' });
export const instantOut = z.string().meta({ format: 'date-time' });

export const messageBody = z.object({ message: z.string() }).meta({ id: 'Message' });

export const idAndName = z.object({ id: uuidOut, name: z.string() }).meta({ id: 'IdAndName' });

/** The legacy spelling of a dataset permission, in answers and in query parameters alike. */
export const permissionName = z
  .enum(['read', 'write', 'delete', 'share'], { error: "Input should be 'read', 'write', 'delete' or 'share'" })
  .meta({ id: 'PermissionName', description: 'A permission on a dataset.' });

export const datasetPermissionRef = z
  .object({ dataset_id: uuidOut, dataset_name: z.string(), permission: permissionName })
  .meta({ id: 'DatasetPermissionRef', description: 'One permission on one dataset.' });

export const userRef = z.object({ id: uuidOut, email: z.string() }).meta({ id: 'UserRef' });

type PermissionName = z.output<typeof permissionName>;

/** GraphQL's `READ` → the legacy `read`. */
export function legacyPermission(permission: string): PermissionName {
  const name = permission.toLowerCase() as PermissionName;
  if (!permissionName.options.includes(name)) throw new Error(`unknown dataset permission ${permission}`);
  return name;
}
