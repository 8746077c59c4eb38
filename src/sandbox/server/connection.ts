// One client socket: frames messages, runs them strictly in order (the driver never pipelines
// on one connection except exhaust), and writes replies. A framing error closes only this socket.
import type { Socket } from 'node:net';
import { type FrameError, Framer } from '../wire/framer';
import { FLAG_MORE_TO_COME, OP_QUERY, WireError, decodeMessage, encodeOpMsg, encodeOpReply } from '../wire/messages';
import { CommandError, errorReply } from '../base/errors';
import { type CommandTable, type ConnectionInfo, dispatch } from './dispatch';
import type { SandboxState } from './state';
import type { Doc } from '../base/values';

let nextConnectionId = 1;

export class Connection {
  readonly info: ConnectionInfo;
  private readonly framer = new Framer();
  private queue: Buffer[] = [];
  private running = false;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly state: SandboxState,
    private readonly commands: CommandTable,
  ) {
    this.info = { id: nextConnectionId++, remote: `${socket.remoteAddress}:${socket.remotePort}` };
    state.clients.add(this.info);
    socket.once('close', () => state.clients.delete(this.info));
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => {
      this.closed = true;
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let msgs: Buffer[];
    try {
      msgs = this.framer.push(chunk);
    } catch (e) {
      this.state.opts.log(`connection ${this.info.id}: ${(e as FrameError).message}; closing it`);
      this.close();
      return;
    }
    if (msgs.length === 0) return;
    this.queue.push(...msgs);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length && !this.closed) await this.handle(this.queue.shift()!);
    } catch (e) {
      this.state.opts.log(`connection ${this.info.id}: ${(e as Error).stack ?? e}`);
      this.close();
    } finally {
      this.running = false;
    }
  }

  private async handle(msg: Buffer): Promise<void> {
    let req;
    try {
      req = decodeMessage(msg);
    } catch (e) {
      if (e instanceof WireError && !e.fatal) {
        this.write(encodeOpMsg(e.requestId, errorReply(new CommandError(22, e.message))));
      } else {
        this.state.opts.log(`connection ${this.info.id}: ${(e as Error).message}; closing it`);
        this.close();
      }
      return;
    }
    const cmd = req.command;
    if (req.opCode === OP_QUERY || this.info.appName === undefined) {
      const client = cmd.client as Doc | undefined;
      const app = (client?.application as Doc | undefined)?.name;
      if (typeof app === 'string') this.info.appName = app;
    }
    const outcome = await dispatch(this.commands, this.state, req.db, cmd, this.info, req.size);
    if ('close' in outcome) {
      this.close();
      return;
    }
    if (req.opCode !== OP_QUERY && req.flags & FLAG_MORE_TO_COME) return; // fire-and-forget (w:0): no reply expected
    const encode = req.opCode === OP_QUERY ? encodeOpReply : encodeOpMsg;
    let out: Buffer;
    try {
      out = encode(req.requestId, outcome.reply);
    } catch (e) {
      out = encode(
        req.requestId,
        errorReply(new CommandError(10334, `reply could not be encoded: ${(e as Error).message}`)),
      );
    }
    this.write(out);
  }

  private write(buf: Buffer): void {
    if (!this.closed) this.socket.write(buf);
  }
}
