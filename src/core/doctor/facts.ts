// Everything the checks look at, read once from the server. Each read that fails keeps its error
// code and sentence so a check can say "unknown" with the reason instead of guessing.
import type { Document } from 'bson';
import type { OplogWindowResult } from '../bookmarks';
import type { ClusterTime } from '../bookmarks/staleness';

export type Read<T> = { ok: true; value: T } | { ok: false; code: number | undefined; message: string };

export interface CollectionImages {
  db: string;
  coll: string;
  enabled: boolean;
}

export interface SavedBookmark {
  label: string;
  clusterTime?: ClusterTime;
}

export interface DoctorFacts {
  /** Host names only (no user, no password): used to recognise hosted compatible services. */
  hosts: string[];
  hello: Read<Document>;
  buildInfo: Read<Document>;
  connectionStatus: Read<Document>;
  changeStreamOptions: Read<Document>;
  serverStatus: Read<Document>;
  collections: Read<CollectionImages[]>;
  oplogWindow: OplogWindowResult;
  oplogStats: Read<{ sizeBytes: number; maxBytes: number; count: number }>;
  bookmarks: SavedBookmark[];
  /** "How long may your consumer be down?" in hours (a setting). */
  consumerDowntimeHours: number;
  now: Date;
}
