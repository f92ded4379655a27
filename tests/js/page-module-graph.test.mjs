// A page that runs source modules lists its whole static module graph as modulepreload links, so
// that a cold visit asks for every module at once rather than one level of imports per round trip
// (bench/README.md, "History widgets in the page"); a list that misses a module, or names one the
// page no longer imports, fails here.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { staticImports } from '../../bench/widget-size.mjs';

const web = new URL('../../web/', import.meta.url);

// Every module `entry` imports statically, directly or not (not `entry` itself).
async function staticGraph(entry) {
  const seen = new Set();
  const visit = async (url) => {
    for (const imported of await staticImports(url)) {
      if (seen.has(imported.href)) continue;
      seen.add(imported.href);
      await visit(imported);
    }
  };
  await visit(entry);
  return seen;
}

for (const page of ['movielens/for-you.html']) {
  test(`${page} preloads its whole module graph`, async () => {
    const url = new URL(page, web);
    const html = await readFile(url, 'utf8');
    const [, entry] = /<script type="module" src="([^"]+)"/.exec(html);
    const listed = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map(
      ([, href]) => new URL(href, url).href,
    );
    assert.equal(new Set(listed).size, listed.length, 'no module listed twice');
    const graph = await staticGraph(new URL(entry, url));
    assert.deepEqual(new Set(listed), graph);
  });
}
