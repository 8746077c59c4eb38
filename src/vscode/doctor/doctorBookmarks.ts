// The saved bookmarks the Change-Stream Doctor compares with the oplog window: read from the
// workspace (StorageKeys.bookmarks, which the Bookmarks view writes) through the bookmarks room's store.
import type { KeyValueStorage } from '../../core/bookmarks/store';
import type { SavedBookmark } from '../../core/doctor/facts';

/** Where the doctor finds the saved bookmarks it compares with the oplog window. */
export interface DoctorBookmarks {
  list(connectionId: string): Promise<SavedBookmark[]>;
}

/**
 * The workspace's saved bookmarks of one connection (StorageKeys.bookmarks, the store's BOOKMARKS_KEY,
 * written by the Bookmarks view), re-validated by the bookmarks room's store; none when the key is absent.
 */
export function workspaceBookmarks(storage: KeyValueStorage): DoctorBookmarks {
  return {
    list: async (connectionId) => {
      // Required on use: the store (and valibot) stay off the activation path.
      const { BookmarkStore } = require('../../core/bookmarks/store') as typeof import('../../core/bookmarks/store');
      return new BookmarkStore(storage)
        .list()
        .filter((b) => b.connectionId === connectionId)
        .map((b) => (b.clusterTime ? { label: b.label, clusterTime: { ...b.clusterTime } } : { label: b.label }));
    },
  };
}
