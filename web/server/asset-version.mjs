// The version in asset URLs (/v/<version>/web/…): a hash of every served file's path, size and
// modification time, so that it changes whenever a file does and a browser may keep what it
// fetched under one version for good.
import { createHash } from 'node:crypto';
import { watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { root, servedFolders } from './served-files.mjs';

// Recomputed only once a served file or folder has changed: a watcher on each served folder
// (inotify watches folders, not trees; Node 20's recursive fs.watch misses files in a folder made
// again) marks the version stale, and the next request waits for the new one, so a reload after
// an edit names it. Stat-ing the ~1,000 served files took 44-82 ms on the 2-core bench machine,
// and when it ran in the background once a second, while a cold page's burst of requests went
// on, the storefront's data waited 250-380 ms for the server (bench/README.md, "One shopper's
// files, and nothing else on the way"). Where folders cannot be watched, it is recomputed when a second old,
// in the background, requests getting the last version meanwhile.
const lifetime = 1000;

/** The version of the files under `folders` (repository paths, ending in '/') below `base`. */
export function versionOfFolders(base, folders) {
  let cached = { at: -Infinity, version: null, watched: false };
  let stale = true;
  let pending = null;
  let watchers = [];

  const unwatch = () => {
    for (const watcher of watchers) watcher.close();
    watchers = [];
  };

  // Every served folder watched for changes to its entries; false when one cannot be.
  const watchAll = (paths) => {
    unwatch();
    try {
      for (const path of paths) {
        const watcher = watch(path, { persistent: false }, () => (stale = true));
        watcher.on('error', () => (stale = true));
        watchers.push(watcher);
      }
      return true;
    } catch {
      unwatch();
      return false;
    }
  };

  const compute = async () => {
    // Marked fresh first: a change while the files are stat-ed marks it stale again.
    stale = false;
    const files = [];
    const folderPaths = [];
    // A served folder that is not there yet (build/web before a build) is not watched: its
    // creation would go unnoticed, so the version is then recomputed by age.
    let allThere = true;
    for (const folder of folders) {
      const options = { recursive: true, withFileTypes: true };
      const entries = await readdir(`${base}${folder}`, options).catch(() => null);
      if (!entries) {
        allThere = false;
        continue;
      }
      folderPaths.push(`${base}${folder}`);
      for (const entry of entries) {
        const path = `${entry.parentPath ?? entry.path}/${entry.name}`;
        if (entry.isDirectory()) folderPaths.push(path);
        else files.push(path.slice(base.length));
      }
    }
    if (!allThere) unwatch();
    const watched = allThere && watchAll(folderPaths);
    files.sort();
    // Stat-ed together: one at a time, each waits a turn of the thread pool.
    const infos = await Promise.all(files.map((file) => stat(`${base}${file}`).catch(() => null)));
    const hash = createHash('sha256');
    files.forEach((file, i) => {
      if (infos[i]?.isFile()) hash.update(`${file}\0${infos[i].size}\0${infos[i].mtimeMs}\n`);
    });
    return { at: Date.now(), version: hash.digest('hex').slice(0, 12), watched };
  };

  const refresh = () => {
    pending ??= compute()
      .then(
        (result) => {
          cached = result;
        },
        // A failed refresh keeps the last version; with none yet, the request fails.
        (error) => {
          stale = true;
          if (cached.version === null) throw error;
        },
      )
      .finally(() => {
        pending = null;
      });
    return pending;
  };

  return {
    async current() {
      if (cached.watched) {
        if (stale) await refresh();
        return cached.version;
      }
      if (Date.now() - cached.at >= lifetime) refresh();
      if (cached.version === null) await pending;
      return cached.version;
    },
    close: unwatch,
  };
}

const served = versionOfFolders(root, Object.values(servedFolders));

/** The version of the demo server's files. */
export const assetVersion = () => served.current();
