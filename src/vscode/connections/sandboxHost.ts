// The built-in Sandbox connection: starts the in-process replica set on first use (with progress),
// seeds the demo shop and keeps demo traffic going when the setting says so. Loaded lazily.
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { Sandbox } from '../../sandbox/index';
import { readSandboxSettings } from '../settings';

export class SandboxHost {
  private starting: Promise<Sandbox> | undefined;
  private sandbox: Sandbox | undefined;
  private traffic: { stop(): unknown } | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly onStarted: () => void,
  ) {}

  get uri(): string | undefined {
    return this.sandbox?.uri;
  }

  async ensureStarted(): Promise<string> {
    this.starting ??= this.start();
    try {
      return (await this.starting).uri;
    } catch (err) {
      this.starting = undefined;
      throw err;
    }
  }

  async stop(): Promise<void> {
    const starting = this.starting;
    this.starting = undefined;
    const traffic = this.traffic;
    this.traffic = undefined;
    await traffic?.stop();
    const sandbox = this.sandbox ?? (await starting?.catch(() => undefined));
    this.sandbox = undefined;
    if (sandbox) {
      await sandbox.stop();
      this.logger.info('Sandbox stopped.');
    }
  }

  private async start(): Promise<Sandbox> {
    const settings = readSandboxSettings();
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Starting the Sandbox replica set…' },
      async (progress) => {
        const { startSandbox } = loadSandboxChunk();
        const sandbox = await startSandbox({
          port: 0,
          oplogSize: settings.oplogSize,
          log: (line) => this.logger.trace(`sandbox: ${line}`),
        });
        this.sandbox = sandbox;
        this.logger.info(`Sandbox listening on ${sandbox.host}:${sandbox.port}.`);
        if (settings.demoTraffic) {
          progress.report({ message: 'seeding the shop demo…' });
          const { demo } = loadSandboxChunk();
          await demo.seedDemoData(sandbox.uri);
          this.traffic = await demo.startDemoTraffic(sandbox.uri, { ratePerSecond: 2 });
          this.logger.info('Sandbox demo data seeded; demo traffic at about 2 writes/s.');
        }
        this.onStarted();
        return sandbox;
      },
    );
  }
}

/** The sandbox's own bundle, required on first use (see scripts/build.mjs: lazy chunks). */
function loadSandboxChunk(): typeof import('../chunks/sandboxChunk') {
  return require('../chunks/sandboxChunk') as typeof import('../chunks/sandboxChunk');
}
