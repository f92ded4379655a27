// What the CLI tests share: where the native CLI and the demo are, running the CLI, and the
// demo's rows. WHYREC_CLI and WHYREC_CORE point the tests at other builds (default build/native,
// build/wasm).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { configure } from '../../web/whyrec.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const whyrec = process.env.WHYREC_CLI ?? join(root, 'build/native/whyrec');
if (process.env.WHYREC_CORE) configure({ coreUrl: pathToFileURL(process.env.WHYREC_CORE) });
export const demo = join(root, 'examples/demo/');
export const ids = 'user_id,item_id,label';
export const candidateArgs = ['--data', demo + 'candidates.csv', '--drop', ids];
export const demoArgs = ['--model', demo + 'ctr_mlp.onnx', ...candidateArgs];
export const backgroundArgs = ['--background', demo + 'background.csv'];
// The demo's candidates (ids and label dropped) and its background, as the CLI's flags.
export const demoDataArgs = [...candidateArgs, ...backgroundArgs];

/** Runs the CLI; resolves with its exit code, signal, stdout and stderr, never rejects. */
export function run(args) {
  return new Promise((resolve) => {
    execFile(whyrec, args, { maxBuffer: 256 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, signal: error?.signal ?? null, stdout, stderr }),
    );
  });
}

/** Runs the CLI, asserts success and parses its JSON. */
export async function runJson(args) {
  const result = await run(args);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

export function parseCsv(text) {
  const [header, ...lines] = text.trim().split('\n');
  return { header: header.split(','), rows: lines.map((l) => l.split(',')) };
}

/** The demo's feature names, candidate rows and background rows, as numbers. */
export async function demoRows() {
  const data = parseCsv(await readFile(demo + 'candidates.csv', 'utf8'));
  const keep = data.header
    .map((name, i) => (ids.split(',').includes(name) ? -1 : i))
    .filter((i) => i >= 0);
  const background = parseCsv(await readFile(demo + 'background.csv', 'utf8'));
  return {
    names: keep.map((i) => data.header[i]),
    rows: data.rows.map((r) => keep.map((i) => Number(r[i]))),
    background: background.rows.map((r) => r.map(Number)),
  };
}
