// The pipeline requests of the fake host: the real checker (src/core/pipeline) answers validate and
// apply, so the webview test sees the host's own diagnostics; '$where' stands for a stage the server
// refuses. The checker runs in Node, exposed to the page by the test as csiCheckPipeline (bson tries
// WebAssembly, which the page's CSP rightly blocks).
import { PIPELINE_PRESETS } from '../../src/core/pipeline/presets';
import type {
  HostToWebview,
  PipelineDiagnosticView,
  PipelineLibrary,
  WatchOptions,
  WebviewToHost,
} from '../../src/shared/protocol';

const library: PipelineLibrary = { current: '', history: [], saved: [] };

/** What the test's Node-side checker answers. */
export interface NodeCheck {
  ok: boolean;
  diagnostics: PipelineDiagnosticView[];
  canonical?: unknown[];
}

function checker(): (text: string) => Promise<NodeCheck> {
  const f = (window as unknown as { csiCheckPipeline?: (text: string) => Promise<NodeCheck> }).csiCheckPipeline;
  return f ?? (async () => ({ ok: true, diagnostics: [], canonical: [] }));
}

/** Answers a pipeline request; false for any other message. */
export function pipelineRequest(
  msg: WebviewToHost,
  send: (m: HostToWebview) => void,
  options: () => WatchOptions,
  setOptions: (o: WatchOptions) => void,
): boolean {
  if (msg.kind !== 'request') return false;
  const reply = (result: unknown) => send({ kind: 'response', id: msg.id, result });
  switch (msg.method) {
    case 'validatePipeline': {
      void checker()(msg.params.text).then((c) =>
        reply({ ok: c.ok, diagnostics: c.diagnostics, ...(c.ok ? { stages: c.canonical?.length ?? 0 } : {}) }),
      );
      return true;
    }
    case 'applyPipeline': {
      const text = msg.params.text;
      void checker()(text).then((c) => {
        if (!c.ok) reply({ applied: false, diagnostics: c.diagnostics });
        else if (text.includes('$where'))
          reply({
            applied: false,
            diagnostics: [],
            error: {
              code: 'PIPELINE_REFUSED',
              serverCode: 40324,
              message:
                'The server refused the pipeline: $where is not allowed inside of a $match aggregation expression',
              action: 'Fix the pipeline. The previous pipeline is still running.',
            },
          });
        else {
          const { pipeline: _old, ...rest } = options();
          const canonical = c.canonical ?? [];
          const next: WatchOptions = canonical.length ? { ...rest, pipeline: canonical } : rest;
          setOptions(next);
          library.current = text;
          library.history = [{ text, at: new Date().toISOString() }, ...library.history.filter((h) => h.text !== text)];
          reply({ applied: true, options: next, warnings: c.diagnostics, text });
          send({ kind: 'notify', method: 'options', params: next });
        }
      });
      return true;
    }
    case 'getPipelineAssist':
      reply({
        stages: ['$match', '$project', '$addFields', '$set', '$unset'].map((label) => ({
          label,
          kind: 'stage',
          detail: 'stage',
        })),
        operators: ['$in', '$gte', '$eq', '$exists'].map((label) => ({ label, kind: 'query', detail: 'query' })),
        fields: [
          { label: 'operationType', kind: 'field', detail: 'change event', values: ['insert', 'update', 'delete'] },
          { label: 'fullDocument.total', kind: 'field', detail: 'seen in recent events' },
        ],
        presets: PIPELINE_PRESETS.map((p) => ({ id: p.id, title: p.title, description: p.description, text: p.text })),
      });
      return true;
    case 'getPipelineLibrary':
      reply(library);
      return true;
    case 'savePipeline':
      library.saved = [
        ...library.saved.filter((s) => s.name !== msg.params.name),
        { name: msg.params.name, text: msg.params.text, savedAt: new Date().toISOString() },
      ];
      reply(library);
      return true;
    case 'deleteSavedPipeline':
      library.saved = library.saved.filter((s) => s.name !== msg.params.name);
      reply(library);
      return true;
    case 'editPipelineInEditor':
      reply({ opened: true });
      return true;
    case 'copyWatchAsCode':
      reply({ copied: true, language: 'node' });
      return true;
    default:
      return false;
  }
}
