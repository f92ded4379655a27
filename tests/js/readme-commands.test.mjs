// The README's command lines, run exactly as written: every ```sh block (```bash marks the
// machine set-up and `npm start`/`npm test`, which this suite is part of) runs with bash in a
// fresh folder that links the repository's top-level entries, so the commands' outputs land
// there; HOME and TMPDIR point at empty folders that must stay empty (no telemetry, no stray
// temp files). Each file a block names after --out must exist afterwards and hold JSON (an .onnx
// file, written by `whyrec compress`: be non-empty).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { root } from './demo-cli.mjs';
import { makeTempDir } from './temp-dir.mjs';

const readme = await readFile(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => ({
  text: m[1],
  line: readme.slice(0, m.index).split('\n').length,
}));

function bash(script, cwd, env) {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-euo', 'pipefail', '-c', script],
      { cwd, env, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
  });
}

test('the README has command blocks to run', () => {
  assert.ok(blocks.length >= 4, `found ${blocks.length} sh blocks`);
});

for (const block of blocks) {
  test(`README.md line ${block.line}: the commands run as written`, async (t) => {
    const work = await makeTempDir('whyrec-readme-', t);
    const home = await makeTempDir('whyrec-home-', t);
    const tmp = await makeTempDir('whyrec-tmp-', t);
    for (const entry of await readdir(root)) {
      if (!entry.startsWith('.')) await symlink(join(root, entry), join(work, entry));
    }
    const env = { ...process.env, HOME: home, TMPDIR: tmp };
    const result = await bash(block.text, work, env);
    assert.equal(result.code, 0, `${block.text}\n${result.stderr}`);
    for (const [, out] of block.text.matchAll(/--out (\S+)/g)) {
      if (out.endsWith('.onnx')) {
        // `whyrec compress` writes ONNX: a protobuf, not JSON; it must exist and not be empty.
        assert.ok((await readFile(join(work, out))).length > 0, `${out} is empty`);
        continue;
      }
      const text = await readFile(join(work, out), 'utf8');
      for (const line of out.endsWith('.jsonl') ? text.trim().split('\n') : [text]) {
        assert.doesNotThrow(() => JSON.parse(line), `${out} holds JSON`);
      }
    }
    assert.deepEqual(await readdir(home), [], 'nothing written under HOME');
    assert.deepEqual(await readdir(tmp), [], 'nothing written under TMPDIR');
  });
}
