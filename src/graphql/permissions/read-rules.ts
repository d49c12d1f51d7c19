import type { IRules } from 'graphql-shield';

/** Rules for the dashboard read surface (queries and the fields of listed types). Merged into
 * the one rule map in shield.ts. */
export const readRules: { Query?: Record<string, unknown>; Mutation?: Record<string, unknown>; types?: IRules } = {};
