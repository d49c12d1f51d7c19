import type { z } from 'zod';
import type { Location } from './validation.ts';

/** Every HTTP method a legacy route may answer: the one list the routes and the tests take
 * theirs from. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ParsedInput<P, Q, B> {
  path: P;
  query: Q;
  body: B;
}

/** One legacy REST route = one fixed GraphQL operation of the served schema. The route only
 * parses its input into variables and presents the data; every check happens in GraphQL. */
export interface LegacyRoute<P = any, Q = any, B = any, D = any, R = any> {
  method: HttpMethod;
  /** Fastify path syntax (`:tenant_id`). */
  url: string;
  /** The GraphQL operation this route runs. */
  operation: string;
  path?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Where field issues reported by the domain point (FastAPI's loc prefix). */
  issuesAt?: Location;
  variables(input: ParsedInput<P, Q, B>): Record<string, unknown>;
  /** For list routes over a paginated field: the legacy routes returned whole lists, so the
   * runner re-runs the same operation with `after` = the cursor until it is null. */
  paginate?: { cursor(data: D): string | null; merge(pages: D[]): D };
  /** Status on success (FastAPI used 200 unless told otherwise). */
  status?: number;
  /** The success body, as /openapi.json describes it; `present` must return exactly this. */
  response: z.ZodType<R>;
  present(data: D): NoInfer<R>;
  /** What the OpenAPI document (src/rest/openapi/) says beyond what it derives from the route. */
  doc?: RouteDoc;
}

/** Everything else in /openapi.json comes from the route itself: path, input schemas, whether
 * it needs a caller, whether it mutates. */
export interface RouteDoc {
  /** The legacy handler's function name, for FastAPI's operationId and summary; default: the
   * GraphQL operation's name without `Legacy`, in snake_case. */
  name?: string;
  description?: string;
  /** Body media types beyond JSON (the OAuth2 login form). */
  bodyMediaTypes?: string[];
  /** Route-specific wording of an error status's description. */
  errors?: Partial<Record<number, string>>;
}

/** Keeps each route's types connected (input → variables, data → body → its declared schema). */
export function legacyRoute<P, Q, B, D, R>(route: LegacyRoute<P, Q, B, D, R>): LegacyRoute {
  return route as LegacyRoute;
}
