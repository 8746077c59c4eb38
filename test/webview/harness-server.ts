// Builds the inspector bundle and the fake host with esbuild, then serves them with the harness page on
// 127.0.0.1 under the same CSP the extension's panel uses. Run directly to look at it in a browser:
//   npx tsx test/webview/harness-server.ts   (prints the URL; add ?auto=1 for live traffic, &theme=hc)
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';

const ROOT = resolve(__dirname, '../..');
const HERE = __dirname;

export interface Harness {
  url: string;
  /** The bundle's esbuild metafile (which inputs went in, which outputs came out) and the entry's minified bytes. */
  metafile: Metafile;
  bundle: Buffer;
  close(): Promise<void>;
}

export function cspFor(cspSource: string, nonce: string): string {
  return `default-src 'none'; img-src ${cspSource} data:; font-src ${cspSource}; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; form-action 'none'; base-uri 'none';`;
}

/** `entry` swaps in another webview entry (the benchmark builds an older tree with it). */
export async function startHarness(entry = join(ROOT, 'webview/main.ts')): Promise<Harness> {
  const out = mkdtempSync(join(tmpdir(), 'csi-webview-'));
  // As scripts/build.mjs builds it: an entry named inspector.js plus chunks it loads (some lazily).
  const dist = join(out, 'dist');
  const main = await build({
    entryPoints: { inspector: entry },
    bundle: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outdir: dist,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'silent',
  });
  await build({
    entryPoints: [join(HERE, 'fake-host.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outfile: join(out, 'fake-host.js'),
    logLevel: 'silent',
  });
  const codicons = join(ROOT, 'node_modules/@vscode/codicons/dist');
  copyFileSync(join(codicons, 'codicon.css'), join(dist, 'codicon.css'));
  copyFileSync(join(codicons, 'codicon.ttf'), join(dist, 'codicon.ttf'));
  const template = readFileSync(join(HERE, 'harness.html'), 'utf8');

  const files: Record<string, [string, string]> = {
    '/dist/codicon.css': [join(dist, 'codicon.css'), 'text/css'],
    '/dist/codicon.ttf': [join(dist, 'codicon.ttf'), 'font/ttf'],
    '/harness/fake-host.js': [join(out, 'fake-host.js'), 'text/javascript'],
    '/harness/theme-dark.css': [join(HERE, 'theme-dark.css'), 'text/css'],
    '/harness/theme-hc.css': [join(HERE, 'theme-hc.css'), 'text/css'],
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    if (url.pathname === '/' || url.pathname === '/harness.html') {
      const nonce = randomBytes(16).toString('base64');
      const theme = url.searchParams.get('theme') === 'hc' ? 'hc' : 'dark';
      const page = template
        .replaceAll('${nonce}', nonce)
        .replaceAll('${cspSource}', origin)
        .replaceAll('${theme}', theme);
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': cspFor(origin, nonce),
      });
      res.end(page);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    // Every script esbuild wrote (entry and chunks) is served from /dist/, as the panel's dist/webview/.
    const script = /^\/dist\/((?:chunks\/)?[\w-]+\.js)$/.exec(url.pathname);
    const f = script ? ([join(dist, script[1]), 'text/javascript'] as [string, string]) : files[url.pathname];
    if (!f || !existsSync(f[0])) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': f[1] });
    res.end(readFileSync(f[0]));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    metafile: main.metafile,
    bundle: readFileSync(join(dist, 'inspector.js')),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
        rmSync(out, { recursive: true, force: true });
      }),
  };
}

if (require.main === module) {
  void startHarness().then((h) => {
    console.log(`Inspector harness: ${h.url}?auto=1   (Ctrl+C to stop)`);
    process.on('SIGINT', () => void h.close().then(() => process.exit(0)));
  });
}
