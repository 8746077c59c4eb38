// "Copy watch as code": one entry that picks the language's program generator.
import { mongoshWatchCode } from './mongosh';
import { nodeWatchCode } from './node';
import { pythonWatchCode } from './python';
import type { CodeLanguage, WatchCodeSpec } from './spec';

export { CodegenError } from './literals';
export type { CodeLanguage, WatchCodeSpec, WatchStart } from './spec';

/** Runnable source for the watch; throws CodegenError (code, message, action) for a value it cannot write. */
export function generateWatchCode(spec: WatchCodeSpec, language: CodeLanguage): string {
  switch (language) {
    case 'node':
      return nodeWatchCode(spec);
    case 'python':
      return pythonWatchCode(spec, 'pymongo');
    case 'motor':
      return pythonWatchCode(spec, 'motor');
    case 'mongosh':
      return mongoshWatchCode(spec);
  }
}
