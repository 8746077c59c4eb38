// What "copy watch as code" needs to know about a watch: its scope, parsed pipeline, options and where
// it starts. Our own type (core never imports the protocol); the panel maps its watch onto it.
import type { Document, Timestamp } from 'bson';
import { CodegenError } from './literals';

export type CodeLanguage = 'node' | 'python' | 'motor' | 'mongosh';

export type WatchStart =
  | { kind: 'none' }
  | { kind: 'resumeAfter'; token: unknown }
  | { kind: 'startAfter'; token: unknown }
  | { kind: 'startAtOperationTime'; time: Timestamp };

export interface WatchCodeSpec {
  scope: 'collection' | 'database' | 'deployment';
  db?: string;
  coll?: string;
  /** The pipeline as parsed BSON (checkPipelineText's result). */
  pipeline: readonly Document[];
  options?: {
    fullDocument?: 'default' | 'updateLookup' | 'whenAvailable' | 'required';
    fullDocumentBeforeChange?: 'off' | 'whenAvailable' | 'required';
    showExpandedEvents?: boolean;
    batchSize?: number;
    maxAwaitTimeMS?: number;
  };
  /** Where the first run starts; later runs continue from the token file. */
  start?: WatchStart;
}

/** One watch option in driver-neutral form: camelCase name and its value. */
export interface OptionEntry {
  name: 'fullDocument' | 'fullDocumentBeforeChange' | 'showExpandedEvents' | 'batchSize' | 'maxAwaitTimeMS';
  value: unknown;
}

export function optionEntries(spec: WatchCodeSpec): OptionEntry[] {
  const o = spec.options ?? {};
  const out: OptionEntry[] = [];
  if (o.fullDocument && o.fullDocument !== 'default') out.push({ name: 'fullDocument', value: o.fullDocument });
  if (o.fullDocumentBeforeChange && o.fullDocumentBeforeChange !== 'off')
    out.push({ name: 'fullDocumentBeforeChange', value: o.fullDocumentBeforeChange });
  if (o.showExpandedEvents) out.push({ name: 'showExpandedEvents', value: true });
  if (o.batchSize !== undefined) out.push({ name: 'batchSize', value: positiveInt(o.batchSize, 'batchSize') });
  if (o.maxAwaitTimeMS !== undefined)
    out.push({ name: 'maxAwaitTimeMS', value: positiveInt(o.maxAwaitTimeMS, 'maxAwaitTimeMS') });
  return out;
}

function positiveInt(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1)
    throw new CodegenError(`${name} must be a whole number of at least 1, not ${n}.`, `Set ${name} to 1 or more.`);
  return n;
}

/** "shop.orders", "the shop database", "the whole deployment": for comments and messages. */
export function describeScope(spec: WatchCodeSpec): string {
  if (spec.scope === 'deployment') return 'the whole deployment';
  const db = required(spec.db, 'database');
  if (spec.scope === 'database') return `the ${db} database`;
  return `${db}.${required(spec.coll, 'collection')}`;
}

export function required(v: string | undefined, what: string): string {
  if (!v) throw new CodegenError(`This watch names no ${what}.`, `Pick a ${what} for the watch first.`);
  return v;
}

/** Comments never carry newlines from names (a collection name may hold any character but NUL). */
export const oneLine = (s: string): string => s.replace(/[\r\n\u2028\u2029]+/g, ' ');
