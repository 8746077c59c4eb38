import { strict as assert } from 'node:assert';
import { Timestamp, type MongoClient } from 'mongodb';
import { readOplogWindow } from '../../../../src/core/bookmarks';

/** A client whose local.oplog.rs find answers by sort direction, or throws. */
function fakeClient(answer: (natural: number) => unknown[] | Error): MongoClient {
  const seen: unknown[] = [];
  const client = {
    seen,
    db: (name: string) => ({
      collection: (coll: string) => ({
        find: (_filter: unknown, options: { sort: { $natural: number } }) => {
          seen.push([name, coll, options]);
          return {
            toArray: async () => {
              const a = answer(options.sort.$natural);
              if (a instanceof Error) throw a;
              return a;
            },
          };
        },
      }),
    }),
  };
  return client as unknown as MongoClient;
}
const serverError = (code: number) => Object.assign(new Error(`server error ${code}`), { code });

describe('readOplogWindow', () => {
  it('reads the first and last entries of local.oplog.rs by $natural order', async () => {
    const wall = new Date('2026-12-01T10:00:00Z');
    const client = fakeClient((natural) =>
      natural > 0 ? [{ ts: new Timestamp({ t: 100, i: 2 }), wall }] : [{ ts: new Timestamp({ t: 200, i: 7 }) }],
    );
    const r = await readOplogWindow(client);
    assert.deepEqual(r, {
      kind: 'known',
      window: { first: { t: 100, i: 2 }, last: { t: 200, i: 7 }, firstWall: wall },
    });
    const seen = (client as unknown as { seen: [string, string, { limit: number }][] }).seen;
    assert.deepEqual(
      seen.map(([db, coll, o]) => [db, coll, o.limit]),
      [
        ['local', 'oplog.rs', 1],
        ['local', 'oplog.rs', 1],
      ],
    );
  });

  it('is unknown (not a replica set) when there is no oplog', async () => {
    const r = await readOplogWindow(fakeClient(() => []));
    assert.equal(r.kind === 'unknown' && r.reason, 'not-replica-set');
  });

  it('is unknown (unauthorized) without the privilege, and unavailable on other errors', async () => {
    const denied = await readOplogWindow(fakeClient(() => serverError(13)));
    assert.equal(denied.kind === 'unknown' && denied.reason, 'unauthorized');
    const other = await readOplogWindow(fakeClient(() => serverError(6)));
    assert.equal(other.kind === 'unknown' && other.reason, 'unavailable');
  });
});
