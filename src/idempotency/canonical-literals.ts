import { astFromValue, getNamedType, getNullableType, isLeafType, Kind, TypeInfo, valueFromAST, visit, visitWithTypeInfo, type ASTNode, type DocumentNode, type GraphQLSchema } from 'graphql';

const LEAF_LITERALS = new Set<string>([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.ENUM]);

/** The document with every literal of a leaf input type (a scalar or an enum) written as its
 * type reads it and writes it back, parseLiteral then serialize: `"ABC…"` for a UUID becomes the
 * lower-case id the resolver receives, `1.0` for an Int becomes `1`. A literal the type refuses
 * is kept as written: GraphQL refuses the request before anything runs, so it is never stored. */
export function canonicalLiterals(schema: GraphQLSchema, document: DocumentNode): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node: ASTNode) {
        if (!LEAF_LITERALS.has(node.kind)) return undefined;
        const type = getNullableType(typeInfo.getInputType());
        if (!type || !isLeafType(type)) return undefined;
        try {
          const value = valueFromAST(node as Parameters<typeof valueFromAST>[0], getNamedType(type));
          const written = value === undefined ? undefined : astFromValue(value, type);
          return written ?? undefined;
        } catch {
          return undefined;
        }
      },
    }),
  );
}
