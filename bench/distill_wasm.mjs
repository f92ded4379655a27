// Distillation in WebAssembly (the JS API's distill() in Node) beside the native CLI, same run,
// same data, seed and settings (the CLI's defaults: a GA2M of 8 bags and 40 pairs): the demo's
// 8,000 candidates (user lists held out whole) with the XGBoost and the MLP teachers. Prints the
// fit's wall and processor seconds, the teacher's seconds, the held-out R^2 and the model's size.
// Usage: node bench/distill_wasm.mjs [path/to/whyrec]  (default build/native/whyrec)
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { close, distill } from '../web/whyrec.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = process.argv[2] ?? join(root, 'build/native/whyrec');
const data = join(root, 'examples/demo/candidates.csv');
const [header, ...lines] = (await readFile(data, 'utf8')).trim().split('\n');
const columns = header.split(',');
const ids = ['user_id', 'item_id', 'label'];
const keep = columns.map((name, i) => (ids.includes(name) ? -1 : i)).filter((i) => i >= 0);
const names = keep.map((i) => columns[i]);
const cells = lines.map((line) => line.split(','));
const rows = cells.map((r) => keep.map((i) => Number(r[i])));
const lists = cells.map((r) => r[columns.indexOf('user_id')]);
const dir = await mkdtemp(join(tmpdir(), 'whyrec-distill-bench-'));

const teachers = [
  {
    name: 'XGBoost (examples/trees/ctr_xgb.json)',
    model: join(root, 'examples/trees/ctr_xgb.json'),
  },
  { name: 'demo MLP logit', model: join(root, 'examples/demo/ctr_mlp.onnx'), output: 'logit' },
];
const fmt = (x, digits = 3) => x.toFixed(digits);
console.log(
  '| teacher | build | fit wall s | fit processor s | teacher s | held-out R² | gzip bytes |',
);
console.log('|---|---|---|---|---|---|---|');
try {
  for (const t of teachers) {
    const report = join(dir, 'report.json');
    const args = ['distill', '--model', t.model, '--data', data, '--drop', 'item_id,label'];
    args.push('--group', 'user_id', '--out', join(dir, 'model.json'), '--report', report);
    if (t.output) args.push('--output', t.output);
    execFileSync(cli, args);
    const native = JSON.parse(await readFile(report, 'utf8'));
    const { report: wasm } = await distill({
      model: t.model,
      data: rows,
      featureNames: names,
      lists,
      group: 'user_id',
      output: t.output,
    });
    for (const [build, r] of [
      ['native CLI', native],
      ['WebAssembly (Node)', wasm],
    ]) {
      console.log(
        `| ${t.name} | ${build} | ${fmt(r.fit_seconds)} | ${fmt(r.fit_cpu_seconds)} | ` +
          `${fmt(r.teacher_seconds)} | ${fmt(r.holdout_r2, 4)} | ${r.gzip_bytes} |`,
      );
    }
  }
} finally {
  await close();
  await rm(dir, { recursive: true, force: true });
}
