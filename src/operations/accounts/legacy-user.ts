import { z } from 'zod';
import { uuidOut } from '../../rest/response-shapes.ts';

export interface LegacyUserData {
  id: string;
  email: string;
  isActive: boolean;
  activeTenantId: string | null;
}

export const LEGACY_USER_FIELDS = 'id email isActive activeTenantId';

/** The legacy service's user shape (FastAPI-users' UserRead): the body of register and me. */
export const userRead = z
  .object({ id: uuidOut, email: z.string(), is_active: z.boolean(), tenant_id: uuidOut.nullable().meta({ description: 'The active tenant; null: personal space.' }) })
  .meta({ id: 'UserRead' });

export const presentUser = (user: LegacyUserData): z.output<typeof userRead> => ({ id: user.id, email: user.email, is_active: user.isActive, tenant_id: user.activeTenantId });
