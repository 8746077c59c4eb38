// Where a change stream begins. `now` opens at the current time; the token positions continue
// after an event (`startAfter` also works after an invalidate); `atTime` opens at a cluster time
// (epoch seconds, increment 0); `oldest` at the first entry the server's oplog still holds.
export type StartPosition =
  | { kind: 'now' }
  | { kind: 'resumeAfter'; token: unknown }
  | { kind: 'startAfter'; token: unknown }
  | { kind: 'atTime'; seconds: number; increment?: number }
  | { kind: 'oldest' };

export function describePosition(p: StartPosition): string {
  switch (p.kind) {
    case 'now':
      return 'from now';
    case 'resumeAfter':
      return 'from the last event';
    case 'startAfter':
      return 'after the invalidate event';
    case 'atTime':
      return `at ${new Date(p.seconds * 1000).toISOString()}`;
    case 'oldest':
      return 'at the oldest time the server still holds';
  }
}
