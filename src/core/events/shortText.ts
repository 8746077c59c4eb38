// Bounding of row text: values themselves render through the one shared renderer (src/shared/bsonText).

/** Cuts text to `max` characters, ending in an ellipsis when it was longer. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}
