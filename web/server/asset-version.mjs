// The version in asset URLs (/v/<version>/web/…): a hash of every served file's path, size and
// modification time, so that it changes whenever a file does and a browser may keep what it
// fetched under one version for good.
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { root, servedFolders } from './served-files.mjs';

// Recomputed in the background once the last computation is a second old, while requests go on
// getting the last version: only the server's first request waits for one. Stat-ing the ~650
// served files takes 30 to 60 ms on the 2-core bench machine, and when each request of a page's
// burst did it on its own, the modules a worker imports waited 300 ms on a cold load
// (bench/README.md, "The storefront with a distilled model"). A page served in the second after a
// file changed may name the version from before: it gets today's files all the same, and the
// next page names the new version.
const lifetime = 1000;
let cached = { at: -Infinity, version: null };
let pending = null;

async function computeVersion() {
  const files = [];
  for (const folder of Object.values(servedFolders)) {
    const names = await readdir(`${root}${folder}`, { recursive: true }).catch(() => []);
    for (const name of names) files.push(`${folder}${name}`);
  }
  files.sort();
  // Stat-ed together: one at a time, each waits a turn of the thread pool.
  const infos = await Promise.all(files.map((file) => stat(`${root}${file}`).catch(() => null)));
  const hash = createHash('sha256');
  files.forEach((file, i) => {
    if (infos[i]?.isFile()) hash.update(`${file}\0${infos[i].size}\0${infos[i].mtimeMs}\n`);
  });
  return hash.digest('hex').slice(0, 12);
}

export async function assetVersion() {
  if (Date.now() - cached.at >= lifetime) {
    pending ??= computeVersion()
      .then(
        (version) => {
          cached = { at: Date.now(), version };
        },
        // A failed refresh keeps the last version; with none yet, the request fails.
        (error) => {
          if (cached.version === null) throw error;
        },
      )
      .finally(() => {
        pending = null;
      });
  }
  if (cached.version === null) await pending;
  return cached.version;
}
