// The `failCommand` failpoint as mongod offers it with test commands enabled:
// mode times/alwaysOn/off; data failCommands, errorCode, errorLabels, closeConnection,
// blockConnection/blockTimeMS, writeConcernError, appName.
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

export class FailPoints {
  private failCommand?: FailCommand;

  configure(cmd: Doc): Doc {
    const name = cmd.configureFailPoint;
    if (name !== 'failCommand') throw new CommandError(2, `Unknown fail point: ${String(name)}`);
    const mode = cmd.mode;
    const data = isPlainObject(cmd.data) ? cmd.data : {};
    const count = this.failCommand ? 1 : 0;
    if (mode === 'off') this.failCommand = undefined;
    else if (mode === 'alwaysOn') this.failCommand = { remaining: Infinity, data };
    else if (isPlainObject(mode) && mode.times !== undefined) {
      const times = num(mode.times);
      this.failCommand = times > 0 ? { remaining: times, data } : undefined;
    } else if (isPlainObject(mode) && (mode.skip !== undefined || mode.activationProbability !== undefined)) {
      this.failCommand = { remaining: Infinity, data };
    } else {
      throw new CommandError(9, `invalid mode for failpoint: ${JSON.stringify(mode)}`);
    }
    return { count };
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
  }
}
