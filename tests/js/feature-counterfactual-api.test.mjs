// counterfactual() in the JS API (WebAssembly core, onnxruntime-web) against `whyrec
// counterfactual` (native core, ONNX Runtime) on the same candidate lists: the same answers, up
// to the two runtimes' float differences. And clear errors for a bad row or a misspelt setting.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { close, counterfactual } from '../../web/whyrec.mjs';
import { demo, runJson } from './demo-cli.mjs';
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
