// The version in asset URLs (/v/<version>/web/…): a hash of every served file's path, size and
// modification time, so that it changes whenever a file does and a browser may keep what it
// fetched under one version for good.
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { root, servedFolders } from './served-files.mjs';

// Recomputed at most once a second: stat-ing the served files takes a few milliseconds.
const lifetime = 1000;
let cached = { at: -Infinity, version: null };

export async function assetVersion() {
  const now = Date.now();
  if (now - cached.at < lifetime) return cached.version;
  const hash = createHash('sha256');
  for (const folder of Object.values(servedFolders)) {
    const names = (await readdir(`${root}${folder}`, { recursive: true }).catch(() => [])).sort();
    for (const name of names) {
      const info = await stat(`${root}${folder}${name}`).catch(() => null);
      if (info?.isFile()) hash.update(`${folder}${name}\0${info.size}\0${info.mtimeMs}\n`);
    }
  }
  cached = { at: now, version: hash.digest('hex').slice(0, 12) };
  return cached.version;
}
