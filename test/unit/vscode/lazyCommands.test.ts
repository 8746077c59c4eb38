// The glue that activation does not run registers its commands when its chunk loads; until then
// src/extension.ts registers the same ids thin (LazyFeature). A command a feature's register() adds
// without its id in the thin list would be "not found" from the palette until something loaded the
// chunk: this reads both and requires the same ids.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

/** The ids `Commands.x` in `const <name> = [ ... ];` of src/extension.ts. */
function thinList(name: string): string[] {
  const m = new RegExp(`const ${name} = \\[([^\\]]*)\\];`).exec(read('src/extension.ts'));
  assert.ok(m, `src/extension.ts declares ${name}`);
  return [...m[1].matchAll(/Commands\.(\w+)/g)].map((x) => x[1]).sort();
}

/** The ids a file registers: `registerCommand(Commands.x` or its `reg(Commands.x` shorthand. */
function registered(file: string): string[] {
  return [...read(file).matchAll(/(?:registerCommand|\breg)\(\s*Commands\.(\w+)/g)].map((x) => x[1]).sort();
}

const features: [string, string][] = [
  ['watchCommandIds', 'src/vscode/commands/watchCommands.ts'],
  ['connectionCommandIds', 'src/vscode/commands/connectionCommands.ts'],
  ['doctorCommandIds', 'src/vscode/doctor/doctorCommands.ts'],
  ['recordingCommandIds', 'src/vscode/recording/recordingCommands.ts'],
  ['imageCommandIds', 'src/vscode/commands/imageCommands.ts'],
  ['diffCommandIds', 'src/vscode/diff/diffCommands.ts'],
  ['pipelineCommandIds', 'src/vscode/pipeline/pipelineEditing.ts'],
  ['bookmarkCommandIds', 'src/vscode/bookmarks/bookmarkCommands.ts'],
];

describe('lazily loaded commands', () => {
  for (const [list, file] of features) {
    it(`${list} in src/extension.ts names every command ${file} registers`, () => {
      const ids = registered(file);
      assert.ok(ids.length > 0, `${file} registers commands`);
      assert.deepEqual(thinList(list), ids);
    });
  }
});
