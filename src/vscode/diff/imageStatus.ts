// What the panel shows about pre- and post-images: whether the watched collection records them
// (listCollections) and their retention (getClusterParameter), and the panel's "Enable…" / "Disable…"
// links, which run the tree's own commands (same modal confirmation) on the watched collection.
import type { WatchTarget } from '../../core/watch/model';
import type { ImageStatusView } from '../../shared/protocol/diff';
import type { ImageCommands } from '../commands/imageCommands';
import type { Deployments } from '../connections/deployments';

type ImagesModule = typeof import('../../core/connections/imageRecording');

export class ImageStatusReader {
  constructor(
    private readonly deployments: Deployments,
    private readonly commands: ImageCommands,
  ) {}

  async status(target: WatchTarget): Promise<ImageStatusView> {
    if (target.scope !== 'collection' || !target.db || !target.coll) return { recording: 'per-collection' };
    const ns = `${target.db}.${target.coll}`;
    try {
      const colls = await this.deployments.collections(target.connectionId, target.db);
      const info = colls.find((c) => c.name === target.coll);
      if (!info)
        return { recording: 'unknown', ns, reason: `${ns} does not exist (yet): it is created by the first write.` };
      const images = require('../../core/connections/imageRecording') as ImagesModule;
      const client = await this.deployments.client(target.connectionId);
      const retention = images.retentionText(await images.readImageRetention(client));
      return { recording: info.preAndPostImages ? 'on' : 'off', ns, retention };
    } catch (e) {
      return { recording: 'unknown', ns, reason: `The collection options could not be read: ${(e as Error).message}` };
    }
  }

  /** Runs Enable / Disable Pre- and Post-Images (with its modal) on the watched collection, then re-reads. */
  async set(target: WatchTarget, enabled: boolean): Promise<ImageStatusView> {
    if (target.scope === 'collection' && target.db && target.coll) {
      await this.commands.run(
        {
          kind: 'collection',
          connectionId: target.connectionId,
          connectionName: target.connectionName,
          db: target.db,
          coll: target.coll,
        },
        enabled,
      );
    }
    return this.status(target);
  }
}
