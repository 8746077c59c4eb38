// The watch as a mongosh script: the shell's watch() iterated with tryNext() (mongosh has no
// `for await` over change streams), the same position file, and the same stop on 260/286.
import { jsString, renderLiteral } from './literals';
import { describeScope, oneLine, optionEntries, required, type WatchCodeSpec } from './spec';

export function mongoshWatchCode(spec: WatchCodeSpec): string {
  const lit = (v: unknown, indent = ''): string => renderLiteral(v, 'mongosh', indent).code;
  const opts = optionEntries(spec).map((o) => `  ${o.name}: ${lit(o.value, '  ')},`);
  const start = spec.start ?? { kind: 'none' };
  const first =
    start.kind === 'none'
      ? 'null'
      : start.kind === 'startAtOperationTime'
        ? `{ startAtOperationTime: ${lit(start.time)} }`
        : `{ ${start.kind}: ${lit(start.token)} }`;
  const scope = oneLine(describeScope(spec));
  const target =
    spec.scope === 'deployment'
      ? 'db.getMongo()'
      : spec.scope === 'database'
        ? `db.getSiblingDB(${jsString(required(spec.db, 'database'))})`
        : `db.getSiblingDB(${jsString(required(spec.db, 'database'))}).getCollection(${jsString(required(spec.coll, 'collection'))})`;

  return `// Watches ${scope} and prints each change event as one line of Extended JSON.
// Run: mongosh "$MONGODB_URI" --quiet watch.js
// After each processed event the resume position is saved to TOKEN_FILE; a restart continues there.
const fs = require('fs');
const TOKEN_FILE = process.env.TOKEN_FILE || 'resume-token.json';

const pipeline = ${lit(spec.pipeline)};

const options = {
${opts.join('\n')}${opts.length ? '\n' : ''}};

// Where the first run starts; once TOKEN_FILE exists, the saved position wins.
const firstStart = ${first};

// print() writes events to stdout; messages go to stderr so the output stays one event per line.
const warn = (message) => process.stderr.write(message + '\\n');

function loadPosition() {
  try {
    return EJSON.parse(fs.readFileSync(TOKEN_FILE, 'utf8'));
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
}

function savePosition(position) {
  // Write then rename, so a crash mid-write never leaves half a token behind.
  fs.writeFileSync(TOKEN_FILE + '.tmp', EJSON.stringify(position));
  fs.renameSync(TOKEN_FILE + '.tmp', TOKEN_FILE);
}

try {
  const stream = ${target}.watch(pipeline, Object.assign({}, options, loadPosition() || firstStart || {}));
  warn(${jsString(`Watching ${scope}; press Ctrl+C to stop.`)});
  while (!stream.isClosed()) {
    const change = stream.tryNext();
    if (change === null) continue; // no event within maxAwaitTimeMS: ask again
    print(EJSON.stringify(change)); // process the event here
    if (change.operationType === 'invalidate') {
      // After an invalidate only startAfter can continue (resumeAfter fails with 260).
      savePosition({ startAfter: change._id });
      warn('The stream was invalidated (its collection or database was dropped or renamed).');
      break;
    }
    savePosition({ resumeAfter: stream.getResumeToken() });
  }
} catch (err) {
  if (err.code === 260 || err.code === 286) {
    warn(
      'Cannot continue from the saved position (error ' + err.code + ': ' + err.message + '). ' +
        'Events since then cannot be replayed: delete ' + TOKEN_FILE + ' to start from now.',
    );
    quit(2);
  }
  throw err;
}
`;
}
