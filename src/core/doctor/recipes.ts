// Copyable recipes for problems the extension must not fix by itself (restarts, resizes).
import type { Recipe } from './model';

export const STANDALONE_TO_REPLICA_SET: Recipe = {
  title: 'Turn a local standalone mongod into a single-node replica set',
  text: [
    '# 1. Stop mongod, then start it again with a replica set name:',
    'mongod --replSet rs0 --dbpath <your data directory> --port 27017',
    '#    (or in mongod.conf:)',
    '#    replication:',
    '#      replSetName: rs0',
    '# 2. Once, in mongosh connected to it:',
    "rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'localhost:27017' }] })",
    '# 3. Connect with ?replicaSet=rs0 (or directConnection=true).',
  ].join('\n'),
};

export function enableImagesRecipe(db: string, coll: string): Recipe {
  return {
    title: `Record pre- and post-images for ${db}.${coll}`,
    text: `db.getSiblingDB(${JSON.stringify(db)}).runCommand({ collMod: ${JSON.stringify(coll)}, changeStreamPreAndPostImages: { enabled: true } })`,
  };
}

export function resizeOplogRecipe(sizeMB: number): Recipe {
  return {
    title: `Raise the oplog size to ${sizeMB} MB (run on each member, primary last)`,
    text: [
      `db.adminCommand({ replSetResizeOplog: 1, size: ${sizeMB} })`,
      '// Optionally keep entries for a minimum time (hours, MongoDB 4.4+):',
      `db.adminCommand({ replSetResizeOplog: 1, size: ${sizeMB}, minRetentionHours: 48 })`,
    ].join('\n'),
  };
}

export function preImageRetentionRecipe(seconds: number): Recipe {
  return {
    title: 'Keep pre-images for a fixed time (MongoDB 6.0+, replica sets)',
    text: `db.adminCommand({ setClusterParameter: { changeStreamOptions: { preAndPostImages: { expireAfterSeconds: ${seconds} } } } })`,
  };
}

export function grantRecipe(db: string | undefined, coll: string | undefined): Recipe {
  const resource =
    db === undefined
      ? "{ db: '', collection: '' }"
      : `{ db: ${JSON.stringify(db)}, collection: ${JSON.stringify(coll ?? '')} }`;
  return {
    title: 'Give a user the changeStream and find actions here',
    text: [
      "db.getSiblingDB('admin').createRole({",
      "  role: 'changeStreamReader',",
      `  privileges: [{ resource: ${resource}, actions: ['changeStream', 'find'] }],`,
      '  roles: [],',
      '})',
      "db.getSiblingDB('admin').grantRolesToUser('<user>', ['changeStreamReader'])",
    ].join('\n'),
  };
}
