// Renders media/icon.svg (the source) to media/icon.png (what the marketplace and vsce want: a
// 128×128 PNG), with Debian's Chromium so no image library is needed. `npm run render:icon`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './chromium';

const root = join(__dirname, '..');
const svg = readFileSync(join(root, 'media/icon.svg'), 'utf8');
async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'csi-icon-'));
  const browser = await launchChromium(scratch, { width: 128, height: 128 });
  try {
    await browser.page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await browser.page.locator('svg').screenshot({ path: join(root, 'media/icon.png'), omitBackground: true });
    console.log('render:icon: media/icon.png written from media/icon.svg');
  } finally {
    await browser.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main();
