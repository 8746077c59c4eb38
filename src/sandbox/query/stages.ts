// The aggregation stage names mongod knows: a name outside this list is 40324 "Unrecognized
// pipeline stage name" (plain aggregate and change stream alike), not "not permitted".
import { CommandError } from '../base/errors';

const MONGOD_STAGES = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$changeStream',
  '$changeStreamSplitLargeEvent',
  '$collStats',
  '$count',
  '$currentOp',
  '$densify',
  '$documents',
  '$facet',
  '$fill',
  '$geoNear',
  '$graphLookup',
  '$group',
  '$indexStats',
  '$limit',
  '$listLocalSessions',
  '$listSampledQueries',
  '$listSearchIndexes',
  '$listSessions',
  '$lookup',
  '$match',
  '$merge',
  '$out',
  '$planCacheStats',
  '$project',
  '$querySettings',
  '$redact',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$search',
  '$searchMeta',
  '$set',
  '$setWindowFields',
  '$shardedDataDistribution',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unionWith',
  '$unset',
  '$unwind',
  '$vectorSearch',
]);

/** The single field of a stage document, checked to be a stage mongod knows. */
export function stageName(stage: unknown): string {
  const keys = stage !== null && typeof stage === 'object' && !Array.isArray(stage) ? Object.keys(stage) : [];
  if (keys.length !== 1)
    throw new CommandError(40323, 'A pipeline stage specification object must contain exactly one field.');
  if (!MONGOD_STAGES.has(keys[0])) throw new CommandError(40324, `Unrecognized pipeline stage name: '${keys[0]}'`);
  return keys[0];
}
