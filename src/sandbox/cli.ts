// Command-line entry: `npm run sandbox -- [--port N] [--standalone] [--oplog-size N] [--user NAME:PASSWORD] [--demo] [--rate N]`.
// Prints the connection string on its own line once listening; SIGINT/SIGTERM stop it cleanly.
import { startSandbox, type SandboxUserSpec } from './index';

const USAGE = `Usage: npm run sandbox -- [options]

Starts an in-memory MongoDB-wire-protocol replica set on 127.0.0.1 (data is lost when it stops).

Options:
  --port N          port to listen on (default 0 = pick a free port)
  --standalone      act as a standalone server (no replica set; change streams refused)
  --oplog-size N    oplog capacity in entries (default 100000)
  --repl-set NAME   replica set name (default rs0)
  --user NAME:PASS  a user clients may authenticate as (SCRAM-SHA-256/1, database 'admin');
                    repeatable; authentication stays optional (no access control)
  --demo            seed the 'shop' demo database and keep writing realistic traffic
  --rate N          demo writes per second (default 2)
  --verbose         print diagnostics to stderr
  --help            show this help
`;

interface CliOptions {
  port: number;
  standalone: boolean;
  oplogSize: number;
  replSetName: string;
  users: SandboxUserSpec[];
  demo: boolean;
  rate: number;
  verbose: boolean;
}

function usageError(msg: string): never {
  process.stderr.write(`sandbox: ${msg}\nRun with --help to see the options.\n`);
  process.exit(2);
}

function intArg(name: string, v: string | undefined, min: number, max: number): number {
  if (v === undefined || !/^\d+(\.\d+)?$/.test(v))
    usageError(`${name} needs a number, got ${v === undefined ? 'nothing' : `'${v}'`}`);
  const n = Number(v);
  if (n < min || n > max) usageError(`${name} must be between ${min} and ${max}, got ${v}`);
  return n;
}

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = {
    port: 0,
    standalone: false,
    oplogSize: 100_000,
    replSetName: 'rs0',
    users: [],
    demo: false,
    rate: 2,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return process.exit(0);
      case '--port':
        o.port = intArg('--port', value(), 0, 65535);
        break;
      case '--standalone':
        o.standalone = true;
        break;
      case '--oplog-size':
        o.oplogSize = intArg('--oplog-size', value(), 1, 100_000_000);
        break;
      case '--repl-set': {
        const v = value();
        if (!v || !/^[\w-]+$/.test(v)) usageError('--repl-set needs a name of letters, digits, _ or -');
        o.replSetName = v;
        break;
      }
      case '--user': {
        const v = value() ?? '';
        const colon = v.indexOf(':');
        if (colon < 1 || colon === v.length - 1)
          usageError('--user needs NAME:PASSWORD (the password may contain colons)');
        o.users.push({ user: v.slice(0, colon), password: v.slice(colon + 1) });
        break;
      }
      case '--demo':
        o.demo = true;
        break;
      case '--rate':
        o.rate = intArg('--rate', value(), 0, 100_000);
        break;
      case '--verbose':
        o.verbose = true;
        break;
      default:
        usageError(`unknown option '${a}'`);
    }
  }
  return o;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const log = o.verbose
    ? (l: string): void => {
        process.stderr.write(`[sandbox] ${l}\n`);
      }
    : undefined;
  let sandbox;
  try {
    sandbox = await startSandbox({
      port: o.port,
      standalone: o.standalone,
      oplogSize: o.oplogSize,
      replSetName: o.replSetName,
      users: o.users,
      log,
    });
  } catch (e) {
    process.stderr.write(
      `sandbox: could not listen on 127.0.0.1:${o.port}: ${(e as Error).message}. Pick another --port or use --port 0.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${sandbox.uri}\n`);
  process.stderr.write(
    `Sandbox ${o.standalone ? 'standalone server' : `replica set '${o.replSetName}'`} listening (memory only; data is lost on exit). Ctrl+C to stop.\n`,
  );
  let traffic: { stop(): Promise<void>; readonly writes: number } | undefined;
  if (o.demo) {
    const demo = await import('./demo');
    await demo.seedDemoData(sandbox.uri);
    if (o.rate > 0) traffic = await demo.startDemoTraffic(sandbox.uri, { ratePerSecond: o.rate });
    process.stderr.write(`Demo data seeded in database 'shop'${o.rate > 0 ? `; writing ~${o.rate} changes/s` : ''}.\n`);
  }
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      await traffic?.stop();
    } catch {
      /* the server is going away anyway */
    }
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`sandbox: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
