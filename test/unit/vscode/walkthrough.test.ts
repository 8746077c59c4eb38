// The walkthrough (contributes.walkthroughs) only clicks what exists: every command its steps link to
// or complete on is a contributed command, and every step's media file is packaged.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
interface Step {
  id: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; walkthroughs?: { id: string; steps: Step[] }[] };
};
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
const walkthroughs = manifest.contributes.walkthroughs ?? [];

describe('the getting-started walkthrough', () => {
  it('exists, with the steps the marketplace page promises', () => {
    assert.equal(walkthroughs.length, 1);
    assert.deepEqual(
      walkthroughs[0].steps.map((s) => s.id),
      ['sandbox', 'connect', 'filter', 'diff', 'bookmark', 'doctor'],
    );
  });

  for (const step of walkthroughs[0]?.steps ?? []) {
    it(`step "${step.id}" links to and completes on contributed commands, and its media is packaged`, () => {
      const linked = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
      assert.ok(linked.length > 0, 'each step can be done by clicking');
      for (const c of linked) assert.ok(contributed.has(c), `${c} is not a contributed command`);
      const events = step.completionEvents ?? [];
      assert.ok(events.length > 0, 'each step knows when it is done');
      for (const e of events) {
        const m = /^onCommand:(.+)$/.exec(e);
        assert.ok(m, `${e}: only onCommand completions are used`);
        assert.ok(contributed.has(m[1]), `${m[1]} is not a contributed command`);
      }
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media && existsSync(join(root, media)), `${media} exists`);
      const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8');
      assert.match(ignore, /^!media\/walkthrough\/\*\*$/m, 'the walkthrough media is packaged');
    });
  }
});
