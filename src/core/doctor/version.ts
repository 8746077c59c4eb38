// The server version and the change-stream features it gates.
export type Version = readonly [number, number, number];

export function parseVersion(text: unknown, array?: unknown): Version | undefined {
  if (Array.isArray(array) && array.length >= 2 && array.every((n) => typeof n === 'number')) {
    return [array[0] as number, array[1] as number, (array[2] as number | undefined) ?? 0];
  }
  if (typeof text !== 'string') return undefined;
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

export function atLeast(v: Version, min: Version): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i]! > min[i]!;
  return true;
}

export interface GatedFeature {
  name: string;
  available: boolean;
  needs: string;
}

/** The gates as MongoDB's release notes give them. */
export function featuresOf(v: Version): GatedFeature[] {
  const split = atLeast(v, [7, 0, 0]) || (v[0] === 6 && v[1] === 0 && v[2] >= 9);
  return [
    {
      name: 'pre- and post-images (fullDocumentBeforeChange, fullDocument: required)',
      available: atLeast(v, [6, 0, 0]),
      needs: '6.0',
    },
    {
      name: 'expanded events (showExpandedEvents: create, createIndexes, modify, ...)',
      available: atLeast(v, [6, 0, 0]),
      needs: '6.0',
    },
    { name: 'splitting large events ($changeStreamSplitLargeEvent)', available: split, needs: '6.0.9 or 7.0' },
    { name: 'nsType on events', available: atLeast(v, [8, 1, 0]), needs: '8.1' },
  ];
}

export const versionText = (v: Version): string => v.join('.');
