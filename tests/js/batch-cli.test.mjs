// Batch jobs through the native CLI: every method gives the same bytes on 1 and 2 threads, the
// streamed formats hold the JSON document's numbers, a job killed with SIGKILL and resumed writes
// the bytes of an uninterrupted run, shards make up the whole job, a malformed line mid-file
// stops the job after the rows before it, and progress lines go to logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backgroundArgs, demo, demoArgs, root, run, whyrec } from './demo-cli.mjs';
import { makeTempDir } from './temp-dir.mjs';

const xgboost = join(root, 'examples/trees/ctr_xgb.json');
const linear = demo + 'ctr_logistic.json';
const dataArgs = demoArgs.slice(2); // --data, --drop
const methods = [
  ['exact', demoArgs],
  ['kernel', demoArgs],
  ['permutation', demoArgs],
  ['auto', demoArgs],
  ['lime', demoArgs],
  ['anchors', demoArgs],
  ['linear', ['--model', linear, ...dataArgs]],
  ['tree', ['--model', xgboost, ...dataArgs, '--tree-mode', 'interventional']],
];

async function ok(args) {
  const result = await run(args);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

const explainArgs = (model, method, extra) => [
  'explain',
  ...model,
  ...backgroundArgs,
  '--method',
  method,
  '--seed',
  '7',
  ...extra,
];

test('every method writes the same bytes on 1 and 2 threads', async () => {
  for (const [method, model] of methods) {
    // A budget below 2^12 coalitions: auto runs Kernel SHAP (exact has its own case).
    const extra = ['--rows', '0:12', '--budget', '1000'];
    for (const format of ['json', 'jsonl']) {
      const one = await ok(
        explainArgs(model, method, [...extra, '--format', format, '--threads', '1']),
      );
      const two = await ok(
        explainArgs(model, method, [...extra, '--format', format, '--threads', '2']),
      );
      assert.equal(two, one, `${method} --format ${format}`);
      assert.ok(one.length > 100, method);
    }
  }
});

test("JSON lines and CSV hold the JSON document's rows", async () => {
  const args = explainArgs(demoArgs, 'kernel', ['--rows', '5:9', '--output', 'prob']);
  const doc = JSON.parse(await ok(args));
  const lines = (await ok([...args, '--format', 'jsonl'])).trimEnd().split('\n').map(JSON.parse);
  assert.equal(lines.length, 4);
  lines.forEach((line, r) => {
    assert.equal(line.row, 5 + r);
    assert.deepEqual(line.feature_names, doc.feature_names);
    assert.equal(line.base_value, doc.base_value);
    assert.deepEqual(line.values, doc.values[r]);
    assert.deepEqual(line.std_errors, doc.std_errors[r]);
    assert.equal(line.model_output, doc.model_output[r]);
  });
  const csv = (await ok([...args, '--format', 'csv'])).trimEnd().split('\n');
  assert.deepEqual(csv[0].split(','), ['row', 'base_value', ...doc.feature_names, 'model_output']);
  csv.slice(1).forEach((line, r) => {
    assert.deepEqual(line.split(',').map(Number), [
      5 + r,
      doc.base_value,
      ...doc.values[r],
      doc.model_output[r],
    ]);
  });
});

// Waits until `path` has at least `lines` newlines (or the process ended).
async function waitForLines(path, lines, child) {
  while (child.exitCode === null) {
    const text = await readFile(path, 'utf8').catch(() => '');
    if (text.split('\n').length - 1 >= lines) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a job killed with SIGKILL and resumed writes the uninterrupted bytes', async (t) => {
  const dir = await makeTempDir('whyrec-resume-', t);
  // One row per chunk: rows are written one at a time, so the kill lands mid-job.
  const args = explainArgs(demoArgs, 'kernel', [
    '--rows',
    '0:40',
    '--chunk-rows',
    '1',
    '--threads',
    '1',
  ]);
  for (const format of ['jsonl', 'csv']) {
    const whole = join(dir, `whole.${format}`);
    await ok([...args, '--format', format, '--out', whole]);
    const out = join(dir, `resumed.${format}`);
    const child = spawn(whyrec, [...args, '--format', format, '--out', out], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal)));
    // A random row between the 3rd and the 30th.
    await waitForLines(`${out}.partial`, 3 + Math.floor(Math.random() * 28), child);
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL', 'the job was killed before it finished');
    const partial = await readFile(`${out}.partial`, 'utf8');
    assert.ok(partial.length > 0 && partial.length < (await readFile(whole, 'utf8')).length);
    // A line cut short, as a kill during a write leaves it, is dropped and written again.
    await writeFile(`${out}.partial`, partial + (format === 'csv' ? '999,0.1' : '{"row":99'));
    await ok([...args, '--format', format, '--out', out, '--resume']);
    assert.equal(await readFile(out, 'utf8'), await readFile(whole, 'utf8'), format);
    assert.ok(!(await readdir(dir)).some((name) => name.endsWith('.partial')));
    // Resuming a finished job does nothing.
    const again = await run([...args, '--format', format, '--out', out, '--resume']);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /is complete .*nothing to resume/);
  }
});

test("resume refuses another job's partial output", async (t) => {
  const dir = await makeTempDir('whyrec-resume-', t);
  const out = join(dir, 'out.jsonl');
  const args = explainArgs(demoArgs, 'exact', ['--format', 'jsonl', '--out', out]);
  await writeFile(
    `${out}.partial`,
    await ok(explainArgs(demoArgs, 'exact', ['--rows', '3:5', '--format', 'jsonl'])),
  );
  const result = await run([...args, '--rows', '0:6', '--resume']);
  assert.notEqual(result.code, 0);
  assert.match(
    result.stderr,
    /--resume: .*out\.jsonl\.partial holds 2 rows, the last of them row 4, but this job's first 2 rows end at row 1/,
  );
  const json = await run(
    explainArgs(demoArgs, 'exact', ['--out', join(dir, 'x.json'), '--resume']),
  );
  assert.match(json.stderr, /--resume continues a --format jsonl or csv job written with --out/);
});

test('shards in order make up the whole job in every format', async () => {
  const args = explainArgs(demoArgs, 'exact', ['--rows', '10:27']);
  for (const format of ['jsonl', 'csv', 'json']) {
    const whole = await ok([...args, '--format', format]);
    const shards = [];
    for (let i = 0; i < 3; i++)
      shards.push(await ok([...args, '--format', format, '--shard', `${i}/3`]));
    if (format === 'jsonl') assert.equal(shards.join(''), whole);
    if (format === 'csv') {
      const [header] = whole.split('\n');
      assert.equal(header + '\n' + shards.map((s) => s.slice(header.length + 1)).join(''), whole);
    }
    if (format === 'json') {
      const docs = shards.map((s) => JSON.parse(s));
      assert.deepEqual(
        docs.map((d) => d.settings.rows),
        [
          [10, 15],
          [15, 21],
          [21, 27],
        ],
      );
      assert.deepEqual(
        docs.flatMap((d) => d.values),
        JSON.parse(whole).values,
      );
    }
  }
  // More shards than rows: empty parts, which a JSON document cannot be.
  const few = explainArgs(demoArgs, 'exact', ['--rows', '0:2', '--shard', '0/3']);
  assert.equal(await ok([...few, '--format', 'jsonl']), '');
  assert.match((await run(few)).stderr, /--shard 0\/3: 2 rows leave this part empty/);
  const bad = await run([...args, '--shard', '3/3']);
  assert.match(bad.stderr, /--shard '3\/3': expected i\/n with 0 <= i < n/);
});

test('a malformed line mid-file stops the job after the rows before it, naming file and line', async (t) => {
  const dir = await makeTempDir('whyrec-malformed-', t);
  const lines = (await readFile(demo + 'candidates.csv', 'utf8')).split('\n').slice(0, 30);
  // Line 22 (row 20): its shipping_days, the last feature, is not a number.
  lines[21] = lines[21].replace(/,[^,]*,([^,]*)$/, ',oops,$1');
  const data = join(dir, 'data.csv');
  await writeFile(data, lines.join('\n') + '\n');
  const args = ['explain', '--model', xgboost, '--data', data, '--drop', 'user_id,item_id,label'];
  const stdout = await run([...args, '--format', 'jsonl', '--chunk-rows', '8']);
  assert.notEqual(stdout.code, 0);
  assert.match(
    stdout.stderr,
    new RegExp(
      `${data}: row 20 \\(from 0 after the header, as --rows counts\\), column 'shipping_days': 'oops' is not a number .*\\(line 22\\)`,
    ),
  );
  assert.deepEqual(
    stdout.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).row),
    [...Array(20).keys()],
  );
  // With --out the rows before it stay in the partial file, ready for --resume once it is fixed.
  const out = join(dir, 'out.jsonl');
  const written = await run([...args, '--format', 'jsonl', '--out', out]);
  assert.notEqual(written.code, 0);
  assert.equal((await readFile(`${out}.partial`, 'utf8')).trimEnd().split('\n').length, 20);
  await assert.rejects(stat(out));
  // A JSON document is all or nothing: no file is left.
  const doc = await run([...args, '--out', join(dir, 'out.json')]);
  assert.notEqual(doc.code, 0);
  assert.deepEqual((await readdir(dir)).sort(), ['data.csv', 'out.jsonl.partial']);
});

test('progress goes to logs as plain lines with rows, rows per second and time left', async () => {
  const result = await run([
    ...explainArgs(demoArgs, 'exact', ['--rows', '0:30', '--threads', '1']),
    '--progress-seconds',
    '0.001',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stderr.trimEnd().split('\n');
  assert.ok(lines.length >= 2, result.stderr);
  lines.forEach((line, i) => {
    const m = line.match(/^whyrec: explaining (\d+)\/30 rows, \d+ rows\/s(, .* left)?$/);
    assert.ok(m, line);
    if (i > 0) assert.ok(Number(m[1]) > Number(lines[i - 1].match(/(\d+)\//)[1]), 'rows done grow');
  });
});
