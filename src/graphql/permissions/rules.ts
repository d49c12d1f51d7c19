import { rule } from 'graphql-shield';
import { UnauthenticatedError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';

// Rules RETURN typed errors: shield passes a returned error through unchanged, while a thrown
// one would become a plain denial and lose its code.

export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: Context) =>
  ctx.actor ? true : new UnauthenticatedError(),
);
