// The CLI as a person meets it: help that fits 100 columns, range errors that name the rule and
// the value, spreadsheet CSVs with a UTF-8 byte order mark, and runs that write nothing outside
// their outputs (HOME and TMPDIR stay empty; the README's commands are checked the same way in
// readme-commands.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  backgroundArgs,
  candidateArgs,
  demo,
  demoArgs,
  root,
  run,
  runJson,
  whyrec,
} from './demo-cli.mjs';
import { makeTempDir } from './temp-dir.mjs';

const commands = ['explain', 'explain-history', 'importance', 'curves', 'counterfactual'];

test('every --help fits in 100 columns', async () => {
  for (const args of [['--help'], ...commands.map((c) => [c, '--help'])]) {
    const { code, stdout } = await run(args);
    assert.equal(code, 0);
    const long = stdout.split('\n').filter((line) => line.length > 100);
    assert.deepEqual(long, [], `whyrec ${args.join(' ')}`);
  }
});

test('a number out of range names the rule and the value', async () => {
  const negative = await run(['explain', ...demoArgs, ...backgroundArgs, '--budget', '-5']);
  assert.notEqual(negative.code, 0);
  assert.match(negative.stderr, /^--budget: must be positive, got -5$/m);
  const tolerance = await run(['explain', ...demoArgs, ...backgroundArgs, '--tolerance', '-1']);
  assert.match(tolerance.stderr, /^--tolerance: must be 0 or more, got -1$/m);
  const bins = await run(['importance', ...demoArgs, '--grid-resolution', '1']);
  assert.match(bins.stderr, /^--grid-resolution: must be an integer from 2 to 10000, got 1$/m);
});

test('a CSV that starts with a UTF-8 byte order mark reads like one without', async (t) => {
  const dir = await makeTempDir('whyrec-bom-', t);
  const data = join(dir, 'excel.csv');
  const text = await readFile(demo + 'candidates.csv', 'utf8');
  await writeFile(data, '\uFEFF' + text.split('\n').slice(0, 4).join('\n') + '\n');
  const args = ['--drop', 'user_id,item_id,label', ...backgroundArgs, '--rows', '0:3'];
  const model = ['--model', demo + 'ctr_mlp.onnx', '--method', 'exact'];
  const withMark = await runJson(['explain', ...model, '--data', data, ...args]);
  const plain = await runJson(['explain', ...model, '--data', demo + 'candidates.csv', ...args]);
  assert.equal(withMark.feature_names[0], 'price_vs_usual_spend');
  assert.deepEqual(withMark.values, plain.values);
});

// The dynamic loader's own log (LD_DEBUG) says which libraries a run looked for.
test('ONNX Runtime is loaded for ONNX models only', async () => {
  const loads = (args) =>
    new Promise((resolve) => {
      execFile(whyrec, args, { env: { ...process.env, LD_DEBUG: 'libs' } }, (e, _out, err) => {
        assert.equal(e, null, err.slice(-2000));
        resolve(/find library=libonnxruntime\.so\.1/.test(err));
      });
    });
  const trees = join(root, 'examples/trees/ctr_xgb.json');
  assert.equal(
    await loads(['explain', '--model', trees, ...candidateArgs, '--rows', '0:1']),
    false,
  );
  const onnx = [...demoArgs, ...backgroundArgs, '--rows', '0:1', '--method', 'kernel'];
  assert.equal(await loads(['explain', ...onnx]), true);
});

test('ONNX, tree and LIME runs write nothing under HOME or TMPDIR', async (t) => {
  const home = await makeTempDir('whyrec-home-', t);
  const tmp = await makeTempDir('whyrec-tmp-', t);
  const out = await makeTempDir('whyrec-out-', t);
  const trees = join(root, 'examples/trees/');
  const jobs = [
    [...demoArgs, ...backgroundArgs, '--rows', '0:2', '--method', 'kernel', '--seed', '1'],
    [...demoArgs, ...backgroundArgs, '--rows', '0:2', '--method', 'lime', '--seed', '1'],
    ['--model', trees + 'ctr_xgb.json', '--data', demo + 'candidates.csv', '--drop'],
  ];
  jobs[2].push('user_id,item_id,label', '--rows', '0:5');
  for (const [i, job] of jobs.entries()) {
    const file = join(out, `${i}.json`);
    const code = await new Promise((resolve) => {
      execFile(
        whyrec,
        ['explain', ...job, '--out', file],
        { env: { HOME: home, TMPDIR: tmp } },
        (e) => resolve(e ? e.code : 0),
      );
    });
    assert.equal(code, 0, job.join(' '));
    assert.ok(JSON.parse(await readFile(file, 'utf8')).values.length > 0);
  }
  assert.deepEqual(await readdir(home), []);
  assert.deepEqual(await readdir(tmp), []);
  assert.deepEqual((await readdir(out)).sort(), ['0.json', '1.json', '2.json']);
});
