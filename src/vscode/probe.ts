// A bounded record of the text the extension sent out (log lines, webview messages, notifications),
// kept so the extension-host tests can grep everything a person could see for a planted secret.
export type ProbeChannel = 'log' | 'webview' | 'message';

const LIMIT = 2000;

export class Probe {
  private readonly lines: Record<ProbeChannel, string[]> = { log: [], webview: [], message: [] };

  record(channel: ProbeChannel, text: string): void {
    const list = this.lines[channel];
    list.push(text);
    if (list.length > LIMIT) list.splice(0, list.length - LIMIT);
  }

  read(channel: ProbeChannel): string[] {
    return [...this.lines[channel]];
  }
}
