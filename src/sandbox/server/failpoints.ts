// The failpoints mongod offers with test commands enabled that drivers' tests use:
// `failCommand` (mode times/alwaysOn/off; data failCommands, errorCode, errorLabels,
// closeConnection, blockConnection/blockTimeMS, writeConcernError, appName) and
// `failGetMoreAfterCursorCheckout` (data errorCode: a getMore fails once its cursor was found,
// and the server labels the error as it labels real getMore errors).
import { CommandError } from '../base/errors';
import { type Doc, isPlainObject, num } from '../base/values';

export interface FailAction {
  closeConnection: boolean;
  blockMs: number;
  errorCode?: number;
  errorLabels?: string[];
  writeConcernError?: Doc;
}

interface FailCommand {
  remaining: number;
  data: Doc;
}

const NAMES = new Set(['failCommand', 'failGetMoreAfterCursorCheckout']);

function armed(mode: unknown, data: Doc): FailCommand | undefined {
  if (mode === 'off') return undefined;
  if (mode === 'alwaysOn') return { remaining: Infinity, data };
  if (isPlainObject(mode) && mode.times !== undefined) {
    const times = num(mode.times);
    return times > 0 ? { remaining: times, data } : undefined;
  }
  if (isPlainObject(mode) && (mode.skip !== undefined || mode.activationProbability !== undefined))
    return { remaining: Infinity, data };
  throw new CommandError(9, `invalid mode for failpoint: ${JSON.stringify(mode)}`);
}

export class FailPoints {
  private failCommand?: FailCommand;
  private getMoreAfterCheckout?: FailCommand;

  configure(cmd: Doc): Doc {
    const name = String(cmd.configureFailPoint);
    if (!NAMES.has(name)) throw new CommandError(2, `Unknown fail point: ${name}`);
    const next = armed(cmd.mode, isPlainObject(cmd.data) ? cmd.data : {});
    if (name === 'failCommand') {
      const count = this.failCommand ? 1 : 0;
      this.failCommand = next;
      return { count };
    }
    const count = this.getMoreAfterCheckout ? 1 : 0;
    this.getMoreAfterCheckout = next;
    return { count };
  }

  /** The error code a getMore fails with once its cursor is checked out, consuming one activation. */
  getMoreFailure(): number | undefined {
    const fp = this.getMoreAfterCheckout;
    if (!fp) return undefined;
    if (--fp.remaining <= 0) this.getMoreAfterCheckout = undefined;
    return fp.data.errorCode !== undefined ? num(fp.data.errorCode) : 1;
  }

  /** Consumes one activation if this command is targeted. */
  match(commandName: string, appName: string | undefined): FailAction | undefined {
    const fp = this.failCommand;
    if (!fp) return undefined;
    const d = fp.data;
    const cmds = Array.isArray(d.failCommands) ? (d.failCommands as unknown[]).map(String) : [];
    if (!cmds.includes(commandName)) return undefined;
    if (typeof d.appName === 'string' && d.appName !== appName) return undefined;
    fp.remaining--;
    if (fp.remaining <= 0) this.failCommand = undefined;
    return {
      closeConnection: d.closeConnection === true,
      blockMs: d.blockConnection === true ? num(d.blockTimeMS) : 0,
      errorCode: d.errorCode !== undefined ? num(d.errorCode) : undefined,
      errorLabels: Array.isArray(d.errorLabels) ? (d.errorLabels as unknown[]).map(String) : undefined,
      writeConcernError: isPlainObject(d.writeConcernError) ? d.writeConcernError : undefined,
    };
  }

  clear(): void {
    this.failCommand = undefined;
    this.getMoreAfterCheckout = undefined;
  }
}
