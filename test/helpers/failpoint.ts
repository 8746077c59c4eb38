// mongod's `failCommand` failpoint, as both the sandbox and a real server with test commands
// enabled offer it. Scope it with an appName so a shared real deployment only fails our client.
import type { Document, MongoClient } from 'mongodb';

export interface FailCommandData {
  failCommands: string[];
  errorCode?: number;
  errorLabels?: string[];
  closeConnection?: boolean;
  blockConnection?: boolean;
  blockTimeMS?: number;
  /** Only commands from clients with this appName fail. */
  appName?: string;
}

export type FailMode = { times: number } | 'alwaysOn' | 'off';

export function failCommand(client: MongoClient, mode: FailMode, data?: FailCommandData): Promise<Document> {
  return client.db('admin').command({ configureFailPoint: 'failCommand', mode, ...(data ? { data } : {}) });
}

export function failCommandOff(client: MongoClient): Promise<Document> {
  return failCommand(client, 'off');
}
