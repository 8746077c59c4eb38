// The diff room's public surface: image diff, what an update says without images, reconstruction,
// reasons for missing images, and pretty EJSON for the diff editor. No vscode, no protocol.
export { diffImages, diffCanonical, type DiffEntry, type DiffKind, type ImageDiff } from './imageDiff';
export { createDiffer, MAX_LCS_CELLS, type Differ } from './differ';
export {
  describeUpdate,
  applyUpdate,
  type DescribedChange,
  type UpdateDescriptionDiff,
  type AppliedUpdate,
} from './updateDescription';
export { imagesOf, type ImagePair, type ImageSide, type ImageSource, type VersionOrigin } from './reconstruct';
export {
  whyImageMissing,
  type MissingImage,
  type MissingImageCode,
  type MissingImageContext,
  type ImageRecording,
} from './missingImage';
export { prettyEJSON, prettyImagePair, type PrettyOptions } from './prettyEJSON';
export { documentIdentity, type ChangeRecord, type FullDocumentMode, type BeforeChangeMode } from './changeRecord';
export {
  toCanonical,
  fromCanonical,
  parseEJSON,
  bsonTypeOf,
  type BsonTypeName,
  type CanonicalDocument,
  type CanonicalValue,
} from './canonical';
export { dottedPath, type PathSegment } from './path';
