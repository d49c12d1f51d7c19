import type { IRules } from 'graphql-shield';

/** Rules for the admin write surface (mutations and their payload types). Merged into the one
 * rule map in shield.ts. */
export const writeRules: { Query?: Record<string, unknown>; Mutation?: Record<string, unknown>; types?: IRules } = {};
