// The inspector panel's HTML shell and options: the CSP lets scripts run only with this load's nonce
// (no unsafe-inline, no unsafe-eval, no host), nothing is fetched or framed, and the webview may read
// only dist/webview and media of the extension.
import { strict as assert } from 'node:assert';
import { posix } from 'node:path';
import { installVscodeStub } from '../../fakes/vscodeStub';

interface FakeUri {
  scheme: string;
  path: string;
  toString(): string;
}
const uri = (path: string, scheme = 'file'): FakeUri => ({ scheme, path, toString: () => `${scheme}://${path}` });

let restore: () => void;
let panelHtml: typeof import('../../../src/vscode/panel/panelHtml');

before(() => {
  restore = installVscodeStub();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the stubbed module, before panelHtml copies it
  const vscode = require('vscode') as Record<string, unknown>;
  vscode.Uri = { joinPath: (base: FakeUri, ...parts: string[]) => uri(posix.join(base.path, ...parts), base.scheme) };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub is in place
  panelHtml = require('../../../src/vscode/panel/panelHtml') as typeof panelHtml;
});
after(() => restore());

const EXT = uri('/home/u/.vscode/extensions/csi-0.1.0');
const webview = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  asWebviewUri: (u: FakeUri) => uri(u.path, 'https'),
};

function csp(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(m, 'the page declares a CSP');
  return new Map(
    m[1].split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as [string, string[]];
    }),
  );
}

describe('inspector panel HTML and options', () => {
  const html = () => panelHtml.inspectorHtml(webview as never, EXT as never, 'shop.orders');

  it('lets scripts run only with a fresh crypto nonce: no unsafe-inline, unsafe-eval or host source', () => {
    const page = html();
    const policy = csp(page);
    const scripts = policy.get('script-src') ?? [];
    assert.equal(scripts.length, 1, `script-src is one nonce: ${scripts.join(' ')}`);
    const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(scripts[0])?.[1];
    assert.ok(nonce && Buffer.from(nonce, 'base64').length >= 16, `a nonce of 16+ random bytes: ${scripts[0]}`);
    for (const [name, values] of policy)
      for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*', 'data:'])
        if (name !== 'img-src' || bad !== 'data:') assert.ok(!values.includes(bad), `${name} has no ${bad}`);
    const tags = [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(tags.length >= 1);
    for (const tag of tags) assert.ok(tag.includes(`nonce="${nonce}"`), `every script carries the nonce: ${tag}`);
    assert.notEqual(csp(html()).get('script-src')?.[0], scripts[0], 'each load gets its own nonce');
  });

  it('fetches, frames and posts nothing and keeps styles and fonts to the extension', () => {
    const policy = csp(html());
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.deepEqual(policy.get('connect-src'), ["'none'"]);
    assert.deepEqual(policy.get('frame-src'), ["'none'"]);
    assert.deepEqual(policy.get('form-action'), ["'none'"]);
    assert.deepEqual(policy.get('base-uri'), ["'none'"]);
    assert.deepEqual(policy.get('style-src'), [webview.cspSource]);
    assert.deepEqual(policy.get('font-src'), [webview.cspSource]);
  });

  it('writes the title as text, not markup', () => {
    const page = panelHtml.inspectorHtml(webview as never, EXT as never, '<img src=x onerror=alert(1)>"');
    assert.ok(page.includes('<title>&lt;img src=x onerror=alert(1)&gt;&quot;</title>'));
    assert.ok(!page.includes('<img'));
  });

  it('restricts localResourceRoots to dist/webview and media of the extension', () => {
    const o = panelHtml.webviewOptions(EXT as never);
    assert.equal(o.enableScripts, true);
    assert.ok(!o.enableCommandUris, 'no command: links from the webview');
    const roots = (o.localResourceRoots ?? []).map((r) => (r as unknown as FakeUri).path);
    assert.deepEqual(roots, [`${EXT.path}/dist/webview`, `${EXT.path}/media`]);
    for (const r of roots) assert.ok(r.startsWith(`${EXT.path}/`) && r !== EXT.path, `${r} is inside the extension`);
  });
});
