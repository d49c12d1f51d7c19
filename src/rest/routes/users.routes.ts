import { z } from 'zod';
import { legacyRoute } from '../legacy-route.ts';
import { text } from '../validation.ts';

export const userRoutes = [
  legacyRoute({
    method: 'POST',
    url: '/api/v1/users/get-user-id',
    operation: `query LegacyUserIdByEmail($email: String!) { userIdByEmail(email: $email) }`,
    body: z.object({ email: text(320) }),
    variables: ({ body }) => ({ email: body.email }),
    present: (data: { userIdByEmail: string }) => ({ user_id: data.userIdByEmail }),
  }),
];
