// Field paths as segments (strings are field names, numbers array indexes) and as MongoDB's dotted text.
export type PathSegment = string | number;

/** The dotted form (`items.2.qty`): ambiguous when a field name holds a dot or is all digits. */
export const dottedPath = (path: readonly PathSegment[]): string => path.join('.');
