// `whyrec counterfactual` on the demo's candidate lists, checked by code that shares nothing with
// the core: onnxruntime-node scores each answer's changed row and the user's whole list, the rank
// is counted here, and undoing any one change of an answer must lose the goal (no change is
// spare). Immutable features, steps and the background's ranges hold; bad flags get clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ortNode from 'onnxruntime-node';
import { demo, run, runJson } from './demo-cli.mjs';
import {
  background,
  candidates,
  cliArgs as args,
  featuresOf,
  immutable,
  names,
} from './demo-counterfactual.mjs';

const session = await ortNode.InferenceSession.create(demo + 'ctr_mlp.onnx');

async function scores(rows) {
  const input = new ortNode.Tensor('float32', Float32Array.from(rows.flat()), [
    rows.length,
    names.length,
  ]);
  return Array.from((await session.run({ features: input })).prob.data);
}

test('answers move the row across the top k of its list, verified independently', async () => {
  const out = await runJson([...args, '--rows', '0:6']);
  assert.equal(out.method, 'feature_counterfactual');
  assert.deepEqual(out.feature_names, names);
  let found = 0;
  for (const result of out.rows) {
    const user = candidates.rows[result.row][0];
    assert.equal(result.list, user);
    const list = candidates.rows.filter((cells) => cells[0] === user).map(featuresOf);
    const row = featuresOf(candidates.rows[result.row]);
    const others = list.filter((features) => features.join() !== row.join());
    const otherScores = await scores(others);
    const rankOf = (score) => 1 + otherScores.filter((s) => s >= score).length;
    const [before] = await scores([row]);
    assert.equal(result.rank_before, rankOf(before));
    assert.equal(result.goal, result.rank_before <= 10 ? 'leave' : 'enter');
    const meets = (score) => (result.goal === 'enter' ? rankOf(score) <= 10 : rankOf(score) > 10);
    for (const answer of result.counterfactuals) {
      found++;
      const changed = [...row];
      for (const { feature, from, to } of answer.changes) {
        const j = names.indexOf(feature);
        assert.ok(!immutable.includes(feature), `${feature} is immutable`);
        assert.ok(Math.abs(from - row[j]) < 1e-6);
        const column = background.rows.map((cells) => Number(cells[j]));
        assert.ok(to >= Math.min(...column) && to <= Math.max(...column), `${feature} in range`);
        if (feature === 'shipping_days') assert.equal(to, Math.round(to));
        if (feature === 'discount_pct') assert.equal((to - from) % 5, 0);
        changed[j] = to;
      }
      const [score] = await scores([changed]);
      assert.ok(Math.abs(score - answer.output) < 1e-6, `${score} vs ${answer.output}`);
      assert.equal(answer.rank, rankOf(score));
      assert.ok(meets(score), `row ${result.row} reaches its goal`);
      assert.equal(answer.sparsity, answer.changes.length);
      for (const { feature } of answer.changes) {
        if (answer.changes.length === 1) break;
        const undone = [...changed];
        undone[names.indexOf(feature)] = row[names.indexOf(feature)];
        assert.ok(!meets((await scores([undone]))[0]), `${feature} is needed`);
      }
    }
  }
  assert.ok(found >= 4, `answers found: ${found}`);
});

test('bad flags name the problem', async () => {
  const cases = [
    [['--group', 'shop_id'], /--group shop_id: .* has no such column/],
    [['--immutable', 'colour'], /setting 'immutable' names 'colour', which is not a feature/],
    [['--step', 'shipping_days=soon'], /--step shipping_days=soon: 'soon' is not a number/],
    [['--range', 'novelty=1'], /--range novelty=1: expected feature=low:high/],
    [['--goal', 'leave', '--rows', '0'], /row 0 .*already outside the top 10 \(rank 34\)/],
  ];
  // The flags replace the same flags of args (a flag given twice is an error of its own).
  const withFlags = (flags) => {
    const out = [...args];
    for (let i = 0; i < flags.length; i += 2) {
      const at = out.indexOf(flags[i]);
      if (at >= 0) out[at + 1] = flags[i + 1];
      else out.push(flags[i], flags[i + 1]);
    }
    return out;
  };
  for (const [flags, message] of cases) {
    const result = await run(withFlags(flags));
    assert.notEqual(result.code, 0, flags.join(' '));
    assert.match(result.stderr, message);
  }
});
