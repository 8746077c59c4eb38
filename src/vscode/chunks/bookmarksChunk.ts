// Entry of the bookmarks bundle (dist/chunks/bookmarksChunk.js): the bookmarks room and token decoding,
// required when the Bookmarks view or a bookmark command is first used (it pulls in bson and the driver's Timestamp).
export * from '../../core/bookmarks';
export { decodeResumeToken } from '../../core/tokens/resumeToken';
