// Open cursors by id: plain query cursors (remaining documents) and change-stream cursors.
import { Long } from 'bson';
import type { Doc } from '../base/values';
import type { ChangeStream } from '../changestream/changestream';

export interface QueryCursor {
  kind: 'query';
  id: Long;
  ns: string;
  docs: Doc[];
  pos: number;
}
export interface StreamCursor {
  kind: 'stream';
  id: Long;
  ns: string;
  stream: ChangeStream;
  busy: boolean;
}
export type ServerCursor = QueryCursor | StreamCursor;

export class CursorTable {
  private readonly byId = new Map<string, ServerCursor>();
  private next = 1;

  newId(): Long {
    // Random high bits make ids look like mongod's and never collide with a killed cursor's id.
    return Long.fromBits(this.next++, (Math.random() * 0x3fffffff) | 1);
  }

  add(c: ServerCursor): void {
    this.byId.set(c.id.toString(), c);
  }
  get(id: Long): ServerCursor | undefined {
    return this.byId.get(id.toString());
  }
  remove(id: Long): boolean {
    return this.byId.delete(id.toString());
  }
  clear(): void {
    this.byId.clear();
  }
  all(): IterableIterator<ServerCursor> {
    return this.byId.values();
  }
  get size(): number {
    return this.byId.size;
  }
}
