/** Resolver classes of the dashboard read surface (queries, field resolvers). */
export const readResolvers: Function[] = [];
