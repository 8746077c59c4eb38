// Reads the changeStreamInspector.* settings into the shapes the core and the sandbox take.
import * as vscode from 'vscode';
import { validateWatchOptions, type WatchOptions } from '../shared/protocol/watch';

const SECTION = 'changeStreamInspector';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

function positiveInt(v: unknown, fallback: number | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.floor(v) : fallback;
}

/** The watch options a new watch starts with; anything invalid in settings falls back to the default. */
export function readWatchDefaults(): WatchOptions {
  const c = config();
  const candidate: Record<string, unknown> = {
    fullDocument: c.get('watch.fullDocument', 'default'),
    fullDocumentBeforeChange: c.get('watch.fullDocumentBeforeChange', 'off'),
    showExpandedEvents: c.get('watch.showExpandedEvents', false),
    batchSize: positiveInt(c.get('watch.batchSize'), undefined),
    maxAwaitTimeMS: positiveInt(c.get('watch.maxAwaitTimeMS'), 1000),
  };
  const checked = validateWatchOptions(candidate);
  return checked.ok
    ? checked.value
    : { fullDocument: 'default', fullDocumentBeforeChange: 'off', showExpandedEvents: false, maxAwaitTimeMS: 1000 };
}

export interface LogLimits {
  maxEvents: number;
  maxBytes: number;
}

export function readLogLimits(): LogLimits {
  const c = config();
  const maxEvents = positiveInt(c.get('eventLog.maxEvents'), 100_000) ?? 100_000;
  const maxMegabytes = positiveInt(c.get('eventLog.maxMegabytes'), 256) ?? 256;
  return { maxEvents, maxBytes: maxMegabytes * 1024 * 1024 };
}

export interface SandboxSettings {
  demoTraffic: boolean;
  oplogSize: number;
  /** Demo writes per second; 0 = paused. */
  demoRate: number;
  /** Keep the Sandbox's data and oplog across reloads (a snapshot in global storage). */
  keepData: boolean;
}

/** The demo traffic rates offered (writes per second; 0 = paused), as the setting's enum lists them. */
export const DEMO_RATES = [0, 1, 2, 10, 100] as const;

export function readSandboxSettings(): SandboxSettings {
  const c = config();
  return {
    demoTraffic: c.get('sandbox.demoTraffic', true) === true,
    oplogSize: positiveInt(c.get('sandbox.oplogSize'), 100_000) ?? 100_000,
    demoRate: demoRateOf(c.get('sandbox.demoTrafficRate', 2)),
    keepData: c.get<unknown>('sandbox.keepData', true) !== false,
  };
}

function demoRateOf(v: unknown): number {
  return typeof v === 'number' && (DEMO_RATES as readonly number[]).includes(v) ? v : 2;
}

/** Stores the demo traffic rate (user settings), which the running Sandbox follows. */
export async function writeDemoRate(rate: number): Promise<void> {
  await config().update('sandbox.demoTrafficRate', rate, vscode.ConfigurationTarget.Global);
}

export function affectsDemoRate(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.sandbox.demoTrafficRate`);
}

export function affectsLogLimits(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.eventLog`);
}

// ---------------------------------------------------------------- recording (issue 12)

export interface MaskingSettings {
  /** The patterns as written (checked by the core's compileMasking). */
  fields: unknown[];
  markChanges: boolean;
}

export function readMaskingSettings(): MaskingSettings {
  const c = config();
  const fields = c.get<unknown>('masking.fields', []);
  return {
    fields: Array.isArray(fields) ? fields : [],
    markChanges: c.get<unknown>('masking.markChanges', true) !== false,
  };
}

export function affectsMasking(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.masking`);
}

export interface RecordingSettings {
  exportFormat: 'ndjson' | 'json';
  /** Database of the Sandbox that replays write their scratch collections to. */
  scratchDatabase: string;
}

export function readRecordingSettings(): RecordingSettings {
  const c = config();
  const db = c.get<unknown>('recording.scratchDatabase', 'replays');
  return {
    exportFormat: c.get<unknown>('recording.exportFormat', 'ndjson') === 'json' ? 'json' : 'ndjson',
    scratchDatabase: typeof db === 'string' && /^[^/\\. "$*<>:|?]{1,60}$/.test(db) ? db : 'replays',
  };
}
