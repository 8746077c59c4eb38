// The watch as a runnable Node.js program (CommonJS, the official driver, `for await`): prints each
// event as one line of Extended JSON, saves the resume position after each event, resumes from it
// on start, and stops with a message (no retry loop) when the server refuses the token (260, 286).
import { jsString, renderLiteral } from './literals';
import { describeScope, oneLine, optionEntries, required, type WatchCodeSpec } from './spec';

export function nodeWatchCode(spec: WatchCodeSpec): string {
  const imports = new Set<string>(['MongoClient', 'BSON']);
  const lit = (v: unknown, indent = ''): string => {
    const r = renderLiteral(v, 'node', indent);
    r.imports.forEach((i) => imports.add(i));
    return r.code;
  };
  const pipeline = lit(spec.pipeline);
  const opts = optionEntries(spec).map((o) => `  ${o.name}: ${lit(o.value, '  ')},`);
  const start = spec.start ?? { kind: 'none' };
  const first =
    start.kind === 'none'
      ? 'undefined'
      : start.kind === 'startAtOperationTime'
        ? `{ startAtOperationTime: ${lit(start.time)} }`
        : `{ ${start.kind}: ${lit(start.token)} }`;
  const scope = describeScope(spec);
  const target =
    spec.scope === 'deployment'
      ? 'client'
      : spec.scope === 'database'
        ? `client.db(${jsString(required(spec.db, 'database'))})`
        : `client.db(${jsString(required(spec.db, 'database'))}).collection(${jsString(required(spec.coll, 'collection'))})`;
  const names = ['MongoClient', 'BSON', ...[...imports].filter((i) => i !== 'MongoClient' && i !== 'BSON').sort()];

  return `// Watches ${oneLine(scope)} and prints each change event as one line of Extended JSON.
// Run: npm install mongodb && MONGODB_URI='mongodb://host:27017/?replicaSet=rs0' node watch.js
// After each processed event the resume position is saved to TOKEN_FILE; a restart continues there.
'use strict';
const fs = require('node:fs');
const { ${names.join(', ')} } = require('mongodb');
const { EJSON } = BSON;

const uri = process.env.MONGODB_URI ?? 'mongodb://localhost:27017';
const TOKEN_FILE = process.env.TOKEN_FILE ?? 'resume-token.json';

const pipeline = ${pipeline};

const options = {
${opts.join('\n')}${opts.length ? '\n' : ''}};

// Where the first run starts; once TOKEN_FILE exists, the saved position wins.
const firstStart = ${first};

function loadPosition() {
  try {
    return EJSON.parse(fs.readFileSync(TOKEN_FILE, 'utf8'));
  } catch (err) {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  }
}

function savePosition(position) {
  // Write then rename, so a crash mid-write never leaves half a token behind.
  fs.writeFileSync(\`\${TOKEN_FILE}.tmp\`, EJSON.stringify(position));
  fs.renameSync(\`\${TOKEN_FILE}.tmp\`, TOKEN_FILE);
}

async function main() {
  const client = new MongoClient(uri);
  const changeStream = ${target}.watch(pipeline, { ...options, ...(loadPosition() ?? firstStart) });
  let stopping = false;
  const stop = () => {
    stopping = true;
    changeStream.close().catch(() => undefined);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  changeStream.once('resumeTokenChanged', () => console.error(${jsString(`Watching ${oneLine(scope)}; press Ctrl+C to stop.`)}));
  try {
    for await (const change of changeStream) {
      console.log(EJSON.stringify(change)); // process the event here
      if (change.operationType === 'invalidate') {
        // After an invalidate only startAfter can continue (resumeAfter fails with 260).
        savePosition({ startAfter: change._id });
        console.error('The stream was invalidated (its collection or database was dropped or renamed).');
        break;
      }
      savePosition({ resumeAfter: changeStream.resumeToken });
    }
  } catch (err) {
    if (err.code === 260 || err.code === 286) {
      console.error(
        \`Cannot continue from the saved position (error \${err.code}: \${err.message}). \` +
          \`Events since then cannot be replayed: delete \${TOKEN_FILE} to start from now.\`,
      );
      process.exitCode = 2;
    } else if (!stopping) {
      throw err;
    }
  } finally {
    await changeStream.close().catch(() => undefined);
    await client.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
`;
}
