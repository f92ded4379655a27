// counterfactual() in the JS API (WebAssembly core, onnxruntime-web) against `whyrec
// counterfactual` (native core, ONNX Runtime) on the same candidate lists: the same answers, up
// to the two runtimes' float differences. And clear errors for a bad row or a misspelt setting.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { close, counterfactual } from '../../web/whyrec.mjs';
import { demo, root, runJson } from './demo-cli.mjs';
import {
  background,
  candidates,
  cliArgs,
  featuresOf,
  names,
  settings,
} from './demo-counterfactual.mjs';

after(close);

const model = demo + 'ctr_mlp.onnx';

test('the JS API finds the answers the CLI finds', async () => {
  const cli = await runJson([...cliArgs, '--rows', '0:3']);
  for (const expected of cli.rows) {
    const user = candidates.rows[expected.row][0];
    const members = candidates.rows.flatMap((cells, r) => (cells[0] === user ? [r] : []));
    const got = await counterfactual({
      model,
      output: 'prob',
      featureNames: names,
      rows: members.map((r) => featuresOf(candidates.rows[r])),
      row: members.indexOf(expected.row),
      background: background.rows.map((cells) => cells.map(Number)),
      ...settings,
    });
    assert.equal(got.row, members.indexOf(expected.row));
    for (const field of ['goal', 'k', 'rank_before', 'list_size', 'found', 'sparsity_minimal']) {
      assert.deepEqual(got[field], expected[field], field);
    }
    assert.ok(Math.abs(got.output_before - expected.output_before) < 1e-5);
    assert.equal(got.counterfactuals.length, expected.counterfactuals.length);
    got.counterfactuals.forEach((answer, a) => {
      const want = expected.counterfactuals[a];
      assert.deepEqual(
        answer.changes.map((c) => c.feature),
        want.changes.map((c) => c.feature),
      );
      answer.changes.forEach((c, i) => assert.ok(Math.abs(c.to - want.changes[i].to) < 1e-3));
      assert.equal(answer.rank, want.rank);
    });
  }
});

test('a bad row or a misspelt setting is a clear error', async () => {
  const rows = candidates.rows.slice(0, 5).map(featuresOf);
  const request = { model, output: 'prob', featureNames: names, rows, k: 2 };
  await assert.rejects(
    counterfactual({ ...request, row: 9 }),
    /`row` must be the index of one of the 5 rows, got 9/,
  );
  await assert.rejects(
    counterfactual({ ...request, row: 0, immutable: ['colour'] }),
    /setting 'immutable' names 'colour', which is not a feature/,
  );
  await assert.rejects(
    counterfactual({ ...request, row: 0, goal: 'up' }),
    /setting 'goal' must be one of auto, enter, leave, got "up"/,
  );
});

// An ONNX classifier's probabilities (a column per class): the column that ranks is the one
// chosen, as --column chooses it in the CLI (the same answers); none chosen is an error rather
// than a search on class 0's probability.
test('an output of several columns ranks by the column chosen', async () => {
  const classifier = join(root, 'examples/trees/binary_classifier.onnx');
  const flags = ['--model', classifier, '--output', 'probabilities', '--column', '1'];
  const modelAt = cliArgs.indexOf('--model');
  const cliFlags = cliArgs.toSpliced(modelAt, 4, ...flags);
  const cli = await runJson([...cliFlags, '--rows', '0']);
  const user = candidates.rows[0][0];
  const members = candidates.rows.filter((cells) => cells[0] === user).map(featuresOf);
  const request = {
    model: classifier,
    output: 'probabilities',
    featureNames: names,
    rows: members,
    row: 0,
    background: background.rows.map((cells) => cells.map(Number)),
    ...settings,
  };
  await assert.rejects(
    counterfactual(request),
    /the model's output has 2 columns \(a class or a target each\): choose one with --column \(JS: `column`\) \(0 to 1\)/,
  );
  const got = await counterfactual({ ...request, column: 1 });
  const [want] = cli.rows;
  assert.equal(want.counterfactuals.length > 0, true);
  for (const field of ['rank_before', 'found', 'sparsity_minimal']) {
    assert.deepEqual(got[field], want[field], field);
  }
  assert.deepEqual(
    got.counterfactuals.map((answer) => answer.changes.map((c) => c.feature)),
    want.counterfactuals.map((answer) => answer.changes.map((c) => c.feature)),
  );
});
