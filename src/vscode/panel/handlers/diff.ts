// The diff of one event (getDiff), VS Code's diff editor on it, and "select for compare": the
// diff room is required from its lazy chunk (dist/chunks/diffChunk.js) on the first request only.
import type { LoggedEvent } from '../../../core/events/eventLog';
import type { Watch } from '../../../core/watch/watch';
import type { diffNotifications } from '../../../shared/protocol/diff';
import type { NotifyHandlers, RequestHandlers } from '../handlers';
import type { InspectorContext } from './context';

type DiffChunk = typeof import('../../chunks/diffChunk');
type EditorModule = typeof import('../../diff/diffEditor');
let chunk: DiffChunk | undefined;
const diffChunk = (): DiffChunk => (chunk ??= require('../../chunks/diffChunk') as DiffChunk);
// The editor glue is required (not imported) so that the vscode-free handler tests can stub it.
let editor: EditorModule | undefined;
const diffEditor = (): EditorModule => (editor ??= require('../../diff/diffEditor') as EditorModule);

/** Replaces the editor opener (tests). */
export function setDiffEditorForTests(e: EditorModule | undefined): void {
  editor = e;
}

/** Earlier events of the same document still in the buffer; the summary's ns + key pre-filter avoids parsing the rest. */
export function earlierOfSameDocument(watch: Watch, target: LoggedEvent): LoggedEvent[] {
  // By the stored BSON of ns and documentKey: no summary is decoded for the events in between.
  const out: LoggedEvent[] = [];
  for (const seq of watch.log.sameDocumentBefore(target.seq)) {
    const e = watch.log.get(seq);
    if (e) out.push(e);
  }
  return out;
}

interface Selected {
  watchId: string;
  seq: number;
  name: string;
  text: string;
}
/** The event picked with "Select for Compare" (its text kept: it may leave the buffer before the compare). */
let selected: Selected | undefined;

const label = (e: LoggedEvent): string => `#${e.seq} ${e.summary.op} ${e.summary.ns}`;

/** The event each panel's list has selected (by watch id): the palette's diff commands act on it. */
const selectedInList = new Map<string, number>();

export function selectedSeqOf(watchId: string): number | undefined {
  return selectedInList.get(watchId);
}

/** "Select for Compare" from the palette: the same pick as the panel's button. */
export function selectForCompare(watch: Watch, seq: number): number {
  const target = watch.log.get(seq);
  if (!target) return 0;
  selected = {
    watchId: watch.id,
    seq,
    name: `event-${seq}`,
    text: diffChunk().versionText(target, earlierOfSameDocument(watch, target)),
  };
  return seq;
}

export async function openInEditor(
  watch: Watch,
  seq: number,
  against: 'images' | 'previous' | 'selected',
): Promise<{ opened: boolean; message?: string }> {
  const target = watch.log.get(seq);
  if (!target) return { opened: false, message: `Event #${seq} is no longer in the buffer.` };
  const earlier = earlierOfSameDocument(watch, target);
  const { imageTexts, versionText } = diffChunk();
  if (against === 'images') {
    const t = imageTexts(target, earlier);
    if (!t.before && !t.after) return { opened: false, message: `Event #${seq} has no images to compare.` };
    const tag = t.reconstructed ? ' (reconstructed)' : '';
    await diffEditor().openDiff(
      { name: `event-${seq}-before`, text: t.before },
      { name: `event-${seq}-after`, text: t.after },
      `${label(target)}: before ↔ after${tag}`,
    );
    return { opened: true };
  }
  if (against === 'previous') {
    const prev = earlier.at(-1);
    if (!prev) return { opened: false, message: `The buffer holds no earlier event of this document than #${seq}.` };
    await diffEditor().openDiff(
      { name: `event-${prev.seq}`, text: versionText(prev, earlier.slice(0, -1)) },
      { name: `event-${seq}`, text: versionText(target, earlier) },
      `${label(prev)} ↔ #${seq}`,
    );
    return { opened: true };
  }
  if (!selected) return { opened: false, message: 'Select an event for compare first (Select for Compare).' };
  await diffEditor().openDiff(
    { name: selected.name, text: selected.text },
    { name: `event-${seq}`, text: versionText(target, earlier) },
    `${selected.name} ↔ #${seq}`,
  );
  return { opened: true };
}

export const diffHandlers: RequestHandlers<
  InspectorContext,
  'getDiff' | 'openDiffInEditor' | 'selectForCompare' | 'getImageStatus' | 'setImageRecording'
> = {
  getDiff: ({ seq }, { watch }) => {
    const target = watch.log.get(seq);
    if (!target) return null;
    return diffChunk().eventDiff(target, earlierOfSameDocument(watch, target));
  },
  openDiffInEditor: ({ seq, against }, { watch }) => openInEditor(watch, seq, against ?? 'images'),
  selectForCompare: ({ seq }, { watch }) => ({ selected: selectForCompare(watch, seq) }),
  getImageStatus: (_, { watch, images }) =>
    images ? images.status(watch) : { recording: 'unknown', reason: 'Image recording cannot be read here.' },
  setImageRecording: ({ enabled }, { watch, images }) =>
    images ? images.set(watch, enabled) : { recording: 'unknown', reason: 'Image recording cannot be changed here.' },
};

export const diffNotifyHandlers: NotifyHandlers<InspectorContext, keyof typeof diffNotifications> = {
  selectionChanged: ({ seq }, { watch }) => {
    if (seq === undefined) selectedInList.delete(watch.id);
    else selectedInList.set(watch.id, seq);
  },
};

/** Forgets a closed panel's selection. */
export function forgetSelection(watchId: string): void {
  selectedInList.delete(watchId);
}
