// Entry of the bookmarks glue's bundle (dist/chunks/bookmarksGlueChunk.js): the service, time travel,
// follow mode, the Bookmarks view's tree and commands. Required when the view first asks for its rows,
// on the first bookmark command, panel request or watch (follow mode), or the Doctor's bookmark check.
export { Bookmarks } from '../bookmarks/bookmarks';
