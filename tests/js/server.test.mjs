// The demo server (web/server.mjs): pages name their scripts under the version of the served
// files, versioned URLs are cached for good and the rest revalidated; the build's brotli and gzip
// copies are sent when the browser takes them and only while they are as new as their file; a
// path cannot leave the served folders; a taken port is one clear line and exit status 1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { readFile, stat, utimes } from 'node:fs/promises';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompress } from '../../web/server/precompress.mjs';
import { startServer } from '../../web/server.mjs';
import { makeTempDir } from './temp-dir.mjs';

const root = new URL('../../', import.meta.url);
const file = 'web/widget/reasons.mjs';

async function serve(t, options) {
  const server = await startServer({ port: 0, ...options });
  t.after(() => server.close());
  const origin = `http://localhost:${server.address().port}`;
  const get = (path, headers = {}) => fetch(`${origin}${path}`, { headers });
  return Object.assign(get, { origin, http });
}

test('pages name versioned assets, cached for good; the rest is revalidated', async (t) => {
  const get = await serve(t);
  const page = await get('/web/storefront/');
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  const html = await page.text();
  const [, version] = /src="\/v\/([0-9a-f]{12})\/web\/storefront\/storefront\.mjs"/.exec(html);
  assert.match(html, new RegExp(`href="/v/${version}/web/storefront/storefront.css"`));
  assert.match(html, /<link rel="icon" href="data:,"/, 'other URLs stay as they were');
  assert.match(html, /<a class="brand" href="\.\.\/demo\/">/, 'links between pages too');

  const versioned = await get(`/v/${version}/${file}`, { 'accept-encoding': 'identity' });
  assert.equal(versioned.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(await versioned.text(), await readFile(new URL(file, root), 'utf8'));
  const stale = await get(`/v/000000000000/${file}`);
  assert.equal(stale.headers.get('cache-control'), 'no-cache', 'an old version is revalidated');

  const plain = await get(`/${file}`);
  assert.equal(plain.headers.get('cache-control'), 'no-cache');
  // (fetch() would add Cache-Control: no-cache to a conditional request, as browsers do not.)
  const again = await new Promise((resolve) =>
    get.http.get(
      `${get.origin}/${file}`,
      { headers: { 'if-none-match': plain.headers.get('etag'), 'accept-encoding': 'gzip' } },
      (response) => resolve(response.resume()),
    ),
  );
  assert.equal(again.statusCode, 304);
  assert.equal((await get('/web/..%2f..%2fpackage.json')).status, 404);
  assert.equal((await get('/web/%2e%2e/package.json')).status, 404);
});

test('precompressed copies: brotli or gzip as accepted, never one older than its file', async (t) => {
  const folder = `${await makeTempDir('whyrec-precompressed-', t)}/`;
  assert.equal(await precompress({ files: [file], folder }), 2);
  assert.equal(await precompress({ files: [file], folder }), 0, 'fresh copies are kept');
  const get = await serve(t, { precompressed: folder });
  const original = await readFile(new URL(file, root));

  // fetch() decodes what it receives; the copies' own bytes are checked in the folder below.
  const raw = async (encoding) => {
    const response = await get(`/${file}`, { 'accept-encoding': encoding });
    return {
      encoding: response.headers.get('content-encoding'),
      type: response.headers.get('content-type'),
      vary: response.headers.get('vary'),
      response,
    };
  };
  const br = await raw('br, gzip');
  assert.equal(br.encoding, 'br');
  assert.equal(br.type, 'text/javascript; charset=utf-8');
  assert.match(br.vary, /Accept-Encoding/);
  assert.deepEqual(Buffer.from(await br.response.arrayBuffer()), original);
  const copy = await readFile(`${folder}${file}.br`);
  assert.deepEqual(brotliDecompressSync(copy), original);
  assert.deepEqual(gunzipSync(await readFile(`${folder}${file}.gz`)), original);
  assert.equal((await raw('gzip')).encoding, 'gzip');
  assert.equal((await raw('identity')).encoding, null);

  // A copy older than its file (the file was edited after the build) is not sent.
  const { mtime } = await stat(new URL(file, root));
  const older = new Date(mtime.getTime() - 60_000);
  await utimes(`${folder}${file}.br`, older, older);
  await utimes(`${folder}${file}.gz`, older, older);
  const edited = await raw('br, gzip');
  assert.equal(edited.encoding, null);
  assert.deepEqual(Buffer.from(await edited.response.arrayBuffer()), original);
});

test('a taken port: one clear line, exit status 1', async (t) => {
  const blocker = createServer();
  await new Promise((resolve) => blocker.listen(0, 'localhost', resolve));
  t.after(() => blocker.close());
  const { port } = blocker.address();
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('web/server.mjs', root))], {
    env: { ...process.env, PORT: String(port) },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(run.status, 1);
  assert.equal(
    run.stderr,
    `whyrec demo: cannot listen on localhost:${port}: port ${port} is already in use ` +
      '(another server running?); choose another: PORT=8081 npm start\n',
  );
  assert.equal(run.stdout, '');
});
