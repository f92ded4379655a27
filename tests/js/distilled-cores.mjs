// The two WebAssembly cores that read distilled models, the widget's small one and the full one,
// each behind its own engine (the full core for everything else), and skip reasons when a core or
// the CLI is not built.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../web/engine.mjs';
import { root, whyrec } from './demo-cli.mjs';

export const cores = {
  distilled: join(root, 'build/wasm/whyrec_distilled.mjs'),
  full: join(root, 'build/wasm/whyrec_core.mjs'),
};
export const noCore = (name) => !existsSync(cores[name]) && `build/wasm/${name} core is not built`;
export const noCli = !existsSync(whyrec) && `${whyrec} is not built`;
export const engines = Object.fromEntries(
  Object.entries(cores).map(([name, url]) => [
    name,
    createEngine({ coreUrl: cores.full, distilledCoreUrl: url }),
  ]),
);
