// "Enable / Disable Pre- and Post-Images" on a collection node: a modal that says what collMod
// does (extra storage; only later changes get images) and the retention, then collMod and a tree refresh.
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { Commands } from '../commandIds';
import type { Deployments } from '../connections/deployments';
import { asWatchableNode, type CollectionNode } from '../tree/nodes';

type ImagesModule = typeof import('../../core/connections/imageRecording');

export class ImageCommands {
  constructor(
    private readonly deployments: Deployments,
    private readonly refresh: () => void,
    private readonly logger: Logger,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(Commands.enableImages, (arg?: unknown) => this.run(arg, true)),
      vscode.commands.registerCommand(Commands.disableImages, (arg?: unknown) => this.run(arg, false)),
    ];
  }

  /** Returns true when recording was changed (tests and the test API read it). */
  async run(arg: unknown, enabled: boolean, confirmed = false): Promise<boolean> {
    const node = asWatchableNode(arg);
    if (node?.kind !== 'collection') {
      void vscode.window.showErrorMessage('Pick a collection in the Connections view to change its images.');
      return false;
    }
    // Required on use: the command's code stays off the activation path's work.
    const images = require('../../core/connections/imageRecording') as ImagesModule;
    let client;
    try {
      client = await this.deployments.client(node.connectionId);
    } catch (e) {
      void vscode.window.showErrorMessage(`Could not connect: ${(e as Error).message}`);
      return false;
    }
    const retention = images.retentionText(await images.readImageRetention(client));
    if (!confirmed && !(await this.confirm(node, enabled, retention))) return false;
    try {
      await images.setImageRecording(client, node.db, node.coll, enabled);
    } catch (e) {
      const err = e as InstanceType<ImagesModule['ImageRecordingError']>;
      this.logger.error(`${node.db}.${node.coll}: ${err.message}`);
      void vscode.window.showErrorMessage(`${err.message} ${err.action ?? ''}`.trim());
      return false;
    }
    this.logger.info(`${node.db}.${node.coll}: pre- and post-images ${enabled ? 'enabled' : 'disabled'}.`);
    this.refresh();
    void vscode.window.showInformationMessage(
      `Pre- and post-images are ${enabled ? 'on' : 'off'} for ${node.db}.${node.coll}.`,
    );
    return true;
  }

  private async confirm(node: CollectionNode, enabled: boolean, retention: string): Promise<boolean> {
    const what = enabled
      ? `Runs collMod { changeStreamPreAndPostImages: { enabled: true } } on ${node.db}.${node.coll}. ` +
        'The server then stores the document before and after each change (extra storage in config.system.preimages). ' +
        'Only changes made from now on get images; earlier events keep none.'
      : `Runs collMod { changeStreamPreAndPostImages: { enabled: false } } on ${node.db}.${node.coll}. ` +
        'Later changes get no images; watches asking for them with "required" will fail.';
    const button = enabled ? 'Enable Images' : 'Disable Images';
    const pick = await vscode.window.showWarningMessage(
      `${enabled ? 'Enable' : 'Disable'} pre- and post-images on ${node.coll}?`,
      { modal: true, detail: `${what}\n\n${retention}` },
      button,
    );
    return pick === button;
  }
}
