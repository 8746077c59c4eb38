// The watch as a runnable Python program: PyMongo (sync) or Motor (asyncio). Same behaviour as the
// Node program: one Extended JSON line per event, the position saved after each event (same file
// format), resumed on start, and a clear stop without retrying when the token is refused (260, 286).
import { pyString, renderLiteral } from './literals';
import { describeScope, oneLine, optionEntries, required, type WatchCodeSpec } from './spec';

const PY_OPTION: Record<string, string> = {
  fullDocument: 'full_document',
  fullDocumentBeforeChange: 'full_document_before_change',
  showExpandedEvents: 'show_expanded_events',
  batchSize: 'batch_size',
  maxAwaitTimeMS: 'max_await_time_ms',
};

export function pythonWatchCode(spec: WatchCodeSpec, flavour: 'pymongo' | 'motor'): string {
  const imports = new Set<string>();
  const lit = (v: unknown, indent = ''): string => {
    const r = renderLiteral(v, 'python', indent);
    r.imports.forEach((i) => imports.add(i));
    return r.code;
  };
  const pipeline = lit(spec.pipeline);
  const entries = optionEntries(spec);
  const opts = entries.map((o) => `    ${pyString(PY_OPTION[o.name])}: ${lit(o.value, '    ')},`);
  const start = spec.start ?? { kind: 'none' };
  const first =
    start.kind === 'none'
      ? '{}'
      : start.kind === 'startAtOperationTime'
        ? `{"start_at_operation_time": ${lit(start.time)}}`
        : `{"${start.kind === 'resumeAfter' ? 'resume_after' : 'start_after'}": ${lit(start.token)}}`;
  // Names go into a docstring and a string: no newline, backslash or quote may close them early.
  const scope = oneLine(describeScope(spec)).replace(/[\\"]/g, '_');
  const client = flavour === 'motor' ? 'AsyncIOMotorClient' : 'MongoClient';
  const target =
    spec.scope === 'deployment'
      ? 'client'
      : spec.scope === 'database'
        ? `client[${pyString(required(spec.db, 'database'))}]`
        : `client[${pyString(required(spec.db, 'database'))}][${pyString(required(spec.coll, 'collection'))}]`;
  const newer = entries.some((o) => o.name === 'fullDocumentBeforeChange' || o.name === 'showExpandedEvents');
  const needs = flavour === 'motor' ? 'motor' : newer ? '"pymongo>=4.3"' : 'pymongo';
  const importLines = [
    'import os',
    'import sys',
    ...(flavour === 'motor' ? ['import asyncio'] : []),
    ...[...imports].filter((i) => i.startsWith('import ')),
  ];
  const fromLines = [
    'from bson import json_util',
    ...[...imports].filter((i) => i.startsWith('from ')),
    flavour === 'motor' ? 'from motor.motor_asyncio import AsyncIOMotorClient' : 'from pymongo import MongoClient',
    'from pymongo.errors import OperationFailure',
  ];
  const aw = flavour === 'motor' ? 'async ' : '';
  const body = `def load_position():
    try:
        with open(TOKEN_FILE) as f:
            saved = json_util.loads(f.read())
    except FileNotFoundError:
        return None
    return {POSITION_KEYS[k]: v for k, v in saved.items()}


def save_position(key, token):
    # Write then rename, so a crash mid-write never leaves half a token behind.
    tmp = TOKEN_FILE + ".tmp"
    with open(tmp, "w") as f:
        f.write(json_util.dumps({key: token}, json_options=json_util.RELAXED_JSON_OPTIONS))
    os.replace(tmp, TOKEN_FILE)


${aw}def main():
    client = ${client}(URI)
    position = load_position() or FIRST_START
    try:
        ${aw}with ${target}.watch(PIPELINE, **OPTIONS, **position) as stream:
            print(${pyString(`Watching ${scope}; press Ctrl+C to stop.`)}, file=sys.stderr, flush=True)
            ${aw}for change in stream:
                print(json_util.dumps(change, json_options=json_util.RELAXED_JSON_OPTIONS), flush=True)
                if change["operationType"] == "invalidate":
                    # After an invalidate only start_after can continue (resume_after fails with 260).
                    save_position("startAfter", change["_id"])
                    print("The stream was invalidated (its collection or database was dropped or renamed).", file=sys.stderr)
                    break
                save_position("resumeAfter", stream.resume_token)
    except OperationFailure as err:
        if err.code in (260, 286):
            print(
                f"Cannot continue from the saved position (error {err.code}: {err}). "
                f"Events since then cannot be replayed: delete {TOKEN_FILE} to start from now.",
                file=sys.stderr,
            )
            sys.exit(2)
        raise
    finally:
        client.close()


if __name__ == "__main__":
    try:
        ${flavour === 'motor' ? 'asyncio.run(main())' : 'main()'}
    except KeyboardInterrupt:
        pass
`;
  return `"""Watches ${scope} and prints each change event as one line of Extended JSON.

Run: pip install ${needs} && MONGODB_URI='mongodb://host:27017/?replicaSet=rs0' python3 watch.py
After each processed event the resume position is saved to TOKEN_FILE; a restart continues there.
"""
${importLines.join('\n')}

${fromLines.join('\n')}

URI = os.environ.get("MONGODB_URI", "mongodb://localhost:27017")
TOKEN_FILE = os.environ.get("TOKEN_FILE", "resume-token.json")

PIPELINE = ${pipeline}

OPTIONS = {
${opts.join('\n')}${opts.length ? '\n' : ''}}

# Where the first run starts; once TOKEN_FILE exists, the saved position wins.
FIRST_START = ${first}

# The saved file uses the driver-neutral names shared with the Node.js and mongosh versions.
POSITION_KEYS = {"resumeAfter": "resume_after", "startAfter": "start_after"}


${body}`;
}
