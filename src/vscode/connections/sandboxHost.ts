// The built-in Sandbox connection: starts the in-process replica set on first use (with progress),
// restores its data and oplog from the snapshot in the extension's global storage (same port when
// free), saves them back (throttled while it runs, and at shutdown), seeds the demo shop and keeps
// demo traffic going at the rate the setting says. The sandbox itself is a lazy chunk.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { Sandbox, SnapshotData } from '../../sandbox/index';
import { readSandboxSettings } from '../settings';

/** How often a running Sandbox's snapshot is brought up to date (only when something changed). */
const SAVE_EVERY_MS = 10_000;
export const SNAPSHOT_FILE = 'sandbox-snapshot.bson';

/** What the person is told about the Sandbox's start (a toast, unless it is the quiet normal case). */
export interface SandboxStartNotice {
  level: 'info' | 'warn';
  text: string;
}

export class SandboxHost {
  private starting: Promise<Sandbox> | undefined;
  private sandbox: Sandbox | undefined;
  private traffic: { stop(): Promise<void> } | undefined;
  private trafficRate = 0;
  private saver: NodeJS.Timeout | undefined;
  private savedChangeCount = -1;
  private saving: Promise<void> | undefined;
  private rateChange: Promise<void> = Promise.resolve();
  /** Set by start(): what was restored, for the tooltip and the tests. */
  restoredFrom: { savedAt: Date; collections: number; oplog: number } | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly onStarted: () => void,
    /** The extension's global storage folder (the snapshot lives there); undefined keeps nothing. */
    private readonly storageDir?: string,
    private readonly notify: (n: SandboxStartNotice) => void = () => undefined,
  ) {}

  get uri(): string | undefined {
    return this.sandbox?.uri;
  }

  /** Demo writes per second now (0 when paused or when the sandbox is not running). */
  get demoRate(): number {
    return this.traffic ? this.trafficRate : 0;
  }

  get snapshotPath(): string | undefined {
    return this.storageDir ? join(this.storageDir, SNAPSHOT_FILE) : undefined;
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
    if (this.saver) clearInterval(this.saver);
    this.saver = undefined;
    await this.stopTraffic();
    const sandbox = this.sandbox ?? (await starting?.catch(() => undefined));
    this.sandbox = undefined;
    if (sandbox) {
      await this.saving?.catch(() => undefined);
      // Synchronous: deactivate may not get to finish awaited work.
      this.saveNow(sandbox);
      await sandbox.stop();
      this.logger.info('Sandbox stopped.');
    }
  }

  /** Changes the demo traffic rate of the running sandbox (0 pauses it); a stopped one uses the setting on start. */
  setDemoRate(rate: number): Promise<void> {
    // One change at a time: the command and the configuration listener may both ask.
    const run = this.rateChange.then(async () => {
      const sandbox = this.sandbox;
      if (!sandbox || this.demoRate === rate) return;
      await this.stopTraffic();
      if (rate > 0 && readSandboxSettings().demoTraffic) await this.startTraffic(sandbox, rate);
      this.logger.info(rate > 0 ? `Sandbox demo traffic at about ${rate} writes/s.` : 'Sandbox demo traffic paused.');
      this.onStarted();
    });
    this.rateChange = run.catch(() => undefined);
    return run.catch((err: unknown) => this.logger.warn(`Changing the demo traffic failed: ${String(err)}`));
  }

  private async stopTraffic(): Promise<void> {
    const traffic = this.traffic;
    this.traffic = undefined;
    await traffic?.stop();
  }

  private async startTraffic(sandbox: Sandbox, rate: number): Promise<void> {
    const { demo } = loadSandboxChunk();
    this.traffic = await demo.startDemoTraffic(sandbox.uri, { ratePerSecond: rate });
    this.trafficRate = rate;
  }

  private async start(): Promise<Sandbox> {
    const settings = readSandboxSettings();
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Starting the Sandbox replica set…' },
      async (progress) => {
        const snapshot = settings.keepData ? this.readSnapshot() : undefined;
        const sandbox = await this.listen(settings.oplogSize, snapshot);
        this.sandbox = sandbox;
        if (snapshot) {
          this.restoredFrom = {
            savedAt: snapshot.savedAt,
            collections: snapshot.collections.length,
            oplog: snapshot.oplog.length,
          };
          this.logger.info(
            `Sandbox restored its data from ${snapshot.savedAt.toISOString()} (${snapshot.collections.length} collections, ` +
              `${snapshot.oplog.length} oplog entries): resume tokens from before still resume.`,
          );
        }
        this.logger.info(`Sandbox listening on ${sandbox.host}:${sandbox.port}.`);
        if (settings.demoTraffic) {
          progress.report({ message: 'seeding the shop demo…' });
          const { demo } = loadSandboxChunk();
          await demo.seedDemoData(sandbox.uri);
          if (settings.demoRate > 0) {
            await this.startTraffic(sandbox, settings.demoRate);
            this.logger.info(`Sandbox demo traffic at about ${settings.demoRate} writes/s.`);
          } else this.logger.info('Sandbox demo traffic is paused (Change Streams: Set Sandbox Demo Traffic Rate).');
        }
        if (settings.keepData && this.storageDir) {
          this.saver = setInterval(() => this.saveInBackground(), SAVE_EVERY_MS);
          this.saver.unref();
        }
        this.onStarted();
        return sandbox;
      },
    );
  }

  /** Listens on the snapshot's port when it is free, else on a new one (and says so). */
  private async listen(oplogSize: number, snapshot: SnapshotData | undefined): Promise<Sandbox> {
    const { startSandbox } = loadSandboxChunk();
    const log = (line: string): void => this.logger.trace(`sandbox: ${line}`);
    if (snapshot?.port) {
      try {
        return await startSandbox({ port: snapshot.port, oplogSize, snapshot, log });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        const sandbox = await startSandbox({ port: 0, oplogSize, snapshot, log });
        const text =
          `The Sandbox's port ${snapshot.port} is taken by another program, so it listens on ${sandbox.port} now, ` +
          'with its data restored. Watches here reconnect on their own; other tools need the new connection string ' +
          '(Copy Connection String on the Sandbox).';
        this.logger.warn(text);
        this.notify({ level: 'warn', text });
        return sandbox;
      }
    }
    return startSandbox({ port: 0, oplogSize, log });
  }

  /** The saved snapshot, or undefined (none yet, or unreadable: then it is set aside and the person told). */
  private readSnapshot(): SnapshotData | undefined {
    const path = this.snapshotPath;
    if (!path || !existsSync(path)) return undefined;
    const { decodeSnapshot } = loadSandboxChunk();
    try {
      return decodeSnapshot(readFileSync(path));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const kept = `${path}.unreadable`;
      try {
        renameSync(path, kept);
      } catch {
        // Keeping the bad file is a courtesy; starting empty must not depend on it.
      }
      const text =
        `The Sandbox's saved data could not be read (${reason}), so it started empty. ` +
        'Watches on it start again from now; the unreadable file was kept next to it as sandbox-snapshot.bson.unreadable.';
      this.logger.warn(text);
      this.notify({ level: 'warn', text });
      return undefined;
    }
  }

  private saveInBackground(): void {
    const sandbox = this.sandbox;
    const path = this.snapshotPath;
    if (!sandbox || !path || this.saving || sandbox.changeCount === this.savedChangeCount) return;
    const count = sandbox.changeCount;
    let bytes: Buffer;
    try {
      bytes = sandbox.snapshot();
    } catch (err) {
      this.logger.warn(`Saving the Sandbox's data failed: ${String(err)}`);
      return;
    }
    const tmp = `${path}.tmp`;
    this.saving = (async () => {
      // node:fs/promises is required on the first save, not at import (activation does not need it).
      const { mkdir, writeFile, rename } = require('node:fs/promises') as typeof import('node:fs/promises');
      await mkdir(this.storageDir!, { recursive: true });
      await writeFile(tmp, bytes);
      await rename(tmp, path);
      this.savedChangeCount = count;
      this.logger.trace(`Sandbox data saved (${bytes.length} bytes).`);
    })()
      .catch((err: unknown) => this.logger.warn(`Saving the Sandbox's data failed: ${String(err)}`))
      .finally(() => {
        this.saving = undefined;
      });
  }

  private saveNow(sandbox: Sandbox): void {
    const path = this.snapshotPath;
    if (!path || !readSandboxSettings().keepData) return;
    try {
      const bytes = sandbox.snapshot();
      mkdirSync(this.storageDir!, { recursive: true });
      writeFileSync(`${path}.tmp`, bytes);
      renameSync(`${path}.tmp`, path);
      this.savedChangeCount = sandbox.changeCount;
      this.logger.info(`Sandbox data saved for the next start (${bytes.length} bytes).`);
    } catch (err) {
      this.logger.warn(`Saving the Sandbox's data failed: ${String(err)}`);
    }
  }
}

/** The sandbox's own bundle, required on first use (see scripts/build.mjs: lazy chunks). */
function loadSandboxChunk(): typeof import('../chunks/sandboxChunk') {
  return require('../chunks/sandboxChunk') as typeof import('../chunks/sandboxChunk');
}
