// The demo server's asset version (web/server/asset-version.mjs) changes as soon as a served file
// or folder does (a watcher per folder: within half a second, where the fallback by age would keep
// the old version for a second), folders made again included, and stays put while nothing changes.
import assert from 'node:assert/strict';
import { mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { versionOfFolders } from '../../web/server/asset-version.mjs';
import { makeTempDir } from './temp-dir.mjs';

// The version once it differs from `old`, polling for the watcher's event; `old` after 500 ms.
async function changedFrom(versions, old) {
  for (let i = 0; i < 50; i++) {
    const version = await versions.current();
    if (version !== old) return version;
    await sleep(10);
  }
  return old;
}

test('the version follows every change to the served files, and only changes', async (t) => {
  const base = `${await makeTempDir('whyrec-version-', t)}/`;
  await mkdir(`${base}site/data`, { recursive: true });
  await writeFile(`${base}site/page.html`, 'page');
  await writeFile(`${base}site/data/a.json`, '1');
  const versions = versionOfFolders(base, ['site/']);
  t.after(() => versions.close());

  const first = await versions.current();
  assert.match(first, /^[0-9a-f]{12}$/);
  await sleep(50);
  assert.equal(await versions.current(), first, 'nothing changed');

  // Each change and whether it changes the served files (an empty folder holds none).
  const steps = [
    ['a file rewritten', () => writeFile(`${base}site/data/a.json`, '22'), true],
    ['a file touched', () => utimes(`${base}site/page.html`, new Date(1e12), new Date(1e12)), true],
    ['a file added in a subfolder', () => writeFile(`${base}site/data/b.json`, '3'), true],
    ['a subfolder removed', () => rm(`${base}site/data`, { recursive: true }), true],
    ['the subfolder made again, empty', () => mkdir(`${base}site/data`), false],
    ['a file in the folder made again', () => writeFile(`${base}site/data/c.json`, '4'), true],
  ];
  const seen = new Set([first]);
  let last = first;
  for (const [step, change, changesFiles] of steps) {
    await change();
    const next = await changedFrom(versions, last);
    if (changesFiles) assert.ok(!seen.has(next), `${step}: a new version`);
    else assert.equal(next, last, `${step}: the same version`);
    seen.add(next);
    last = next;
  }
});

test('a served folder that is not there yet: the version is recomputed by age', async (t) => {
  const base = `${await makeTempDir('whyrec-version-', t)}/`;
  await mkdir(`${base}site`);
  await writeFile(`${base}site/page.html`, 'page');
  const versions = versionOfFolders(base, ['site/', 'later/']);
  t.after(() => versions.close());
  const first = await versions.current();
  await mkdir(`${base}later`);
  await writeFile(`${base}later/file.js`, 'x');
  await sleep(1100);
  // The request after a second starts the recomputation and gets the last version meanwhile.
  await versions.current();
  assert.notEqual(await changedFrom(versions, first), first);
});
