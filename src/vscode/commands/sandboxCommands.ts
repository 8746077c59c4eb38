// The built-in Sandbox's own commands: copy its connection string (for mongosh, Compass or your
// app) and set or pause its demo traffic, and the text of its tree tooltip.
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { Commands } from '../commandIds';
import type { SandboxHost } from '../connections/sandboxHost';
import type { Notices } from '../notices';
import { DEMO_RATES, readSandboxSettings, writeDemoRate } from '../settings';

export function rateLabel(rate: number): string {
  return rate === 0 ? 'paused' : `about ${rate} write${rate === 1 ? '' : 's'}/s`;
}

export class SandboxCommands {
  constructor(
    private readonly sandbox: SandboxHost,
    private readonly notices: Notices,
    private readonly logger: Logger,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(Commands.copySandboxConnectionString, () => this.copyConnectionString()),
      vscode.commands.registerCommand(Commands.setSandboxDemoRate, (rate?: unknown) => this.setDemoRate(rate)),
    ];
  }

  /** Starts the Sandbox if needed and puts its connection string on the clipboard; returns it. */
  async copyConnectionString(): Promise<string | undefined> {
    let uri: string;
    try {
      uri = await this.sandbox.ensureStarted();
    } catch (err) {
      void this.notices.error(`The Sandbox did not start: ${String(err)}. See Change Streams: Show Log.`);
      return undefined;
    }
    await vscode.env.clipboard.writeText(uri);
    const kept = readSandboxSettings().keepData ? ' and keeps its port and data across reloads' : '';
    void this.notices.info(`Copied ${uri}: the Sandbox answers there while VS Code runs${kept}.`);
    return uri;
  }

  /** Sets the demo traffic rate (a number from DEMO_RATES skips the quick pick); returns the rate chosen. */
  async setDemoRate(arg?: unknown): Promise<number | undefined> {
    const current = readSandboxSettings().demoRate;
    let rate: number | undefined;
    if (typeof arg === 'number' && (DEMO_RATES as readonly number[]).includes(arg)) rate = arg;
    else {
      const items = DEMO_RATES.map((r) => ({
        label: r === 0 ? '$(debug-pause) Paused' : `$(pulse) ${r}/s`,
        description: r === current ? 'current' : undefined,
        detail:
          r === 0
            ? 'No demo writes: the shop data stays as it is.'
            : r >= 100
              ? `About ${r} writes a second: a load test for the inspector.`
              : `About ${r} write${r === 1 ? '' : 's'} a second to shop.orders, users, products and inventory.`,
        rate: r,
      }));
      const picked = await vscode.window.showQuickPick(items, {
        title: 'Sandbox demo traffic',
        placeHolder: `How many demo writes a second? Now: ${rateLabel(current)}.`,
      });
      rate = picked?.rate;
    }
    if (rate === undefined) return undefined;
    // The configuration listener applies it to the running Sandbox (also when settings.json is edited).
    await writeDemoRate(rate);
    await this.sandbox.setDemoRate(rate);
    this.logger.debug(`Sandbox demo traffic rate set to ${rate}/s.`);
    return rate;
  }

  tooltip(): string {
    const lines = ['A small MongoDB replica set running inside VS Code, for trying things out.'];
    const uri = this.sandbox.uri;
    const settings = readSandboxSettings();
    if (uri) {
      lines.push(`Connection string: ${uri}`);
      lines.push(
        `Demo traffic: ${settings.demoTraffic ? rateLabel(this.sandbox.demoRate) : 'off (changeStreamInspector.sandbox.demoTraffic)'}`,
      );
    } else lines.push('Not running: it starts when you expand it or watch one of its collections.');
    const restored = this.sandbox.restoredFrom;
    lines.push(
      settings.keepData
        ? `Data: kept across reloads${restored ? ` (restored from ${restored.savedAt.toLocaleString()})` : ''}.`
        : 'Data: starts empty on every reload (changeStreamInspector.sandbox.keepData is off).',
    );
    return lines.join('\n');
  }
}
