/** Resolver classes of the admin write surface (mutations). */
export const writeResolvers: Function[] = [];
