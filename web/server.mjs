// Static server for the demo. It serves only what pages need, under the same paths the files have
// in the repository, so URLs computed relative to web/*.mjs work in Node and in the browser
// alike. It sends no COOP/COEP headers: whyrec must work on ordinary pages.
//
// Loading fast: an HTML page names its scripts and styles under /v/<version>/ (a hash of the
// served files, web/server/asset-version.mjs), so the modules they import, the worker, the cores
// and the data files they find relative to themselves are versioned too; versioned responses may
// be cached for a year (immutable), everything else is revalidated (no-cache, with ETags).
// Responses are sent brotli- or gzip-compressed from copies made at build time
// (web/server/precompress.mjs) when the copy is not older than its file.
import express from 'express';
import { readFile, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetVersion } from './server/asset-version.mjs';
import { bundleProblem } from './server/bundle.mjs';
import {
  compressible,
  contentTypes,
  precompressedFolder,
  root,
  servedFolders,
} from './server/served-files.mjs';

const immutable = 'public, max-age=31536000, immutable';

/** The app; `precompressed`: the folder of brotli/gzip copies (default the build's). */
export function createApp({ precompressed: copies = precompressedFolder } = {}) {
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (request, response) => response.redirect('/web/demo/'));
  const assets = express.Router();
  for (const [urlPath, folder] of Object.entries(servedFolders)) {
    assets.use(
      urlPath,
      htmlPage(urlPath, folder),
      precompressed(folder, copies),
      express.static(`${root}${folder}`, { setHeaders }),
    );
  }
  // A versioned URL is cached for good only when it names the current version: an old page's
  // request gets today's file, revalidated.
  app.use('/v/:version', async (request, response, next) => {
    response.locals.immutable = request.params.version === (await assetVersion());
    next();
  });
  app.use('/v/:version', assets);
  app.use(assets);
  return app;
}

// Pages (index.html) with their <script src> and <link href> URLs versioned. Links between pages
// (<a href>) stay as they are, so the address bar never shows a version.
function htmlPage(urlPath, folder) {
  return async (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const relative = servedPath(folder, request.path);
    const file = relative?.endsWith('/') ? `${relative}index.html` : relative;
    if (!file?.endsWith('.html')) return next();
    const html = await readFile(`${root}${file}`, 'utf8').catch(() => null);
    if (html === null) return next();
    const version = await assetVersion();
    const page = new URL(`${urlPath}${request.path.slice(1)}`, 'http://page/');
    response.setHeader('Cache-Control', 'no-cache');
    response
      .type('html')
      .send(
        html.replace(
          /(<(?:script|link)\b[^>]*?\s(?:src|href)=")([^"]+)"/g,
          (tag, start, url) => `${start}${versioned(url, page, version)}"`,
        ),
      );
  };
}

function versioned(url, page, version) {
  const resolved = new URL(url, page);
  if (resolved.origin !== page.origin) return url;
  const served = Object.keys(servedFolders).some((folder) => resolved.pathname.startsWith(folder));
  return served ? `/v/${version}${resolved.pathname}` : url;
}

// The build's brotli or gzip copy, when the browser takes it and it is as new as the file.
function precompressed(folder, copies) {
  return async (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const relative = servedPath(folder, request.path);
    if (!relative || !compressible.test(relative)) return next();
    response.vary('Accept-Encoding');
    const encoding = request.acceptsEncodings('br', 'gzip');
    if (!encoding) return next();
    const copyPath = `${copies}${relative}.${encoding === 'br' ? 'br' : 'gz'}`;
    const [source, copy] = await Promise.all(
      [`${root}${relative}`, copyPath].map((path) => stat(path).catch(() => null)),
    );
    if (!source?.isFile() || !copy || copy.mtimeMs < source.mtimeMs) return next();
    const extension = posix.extname(relative);
    response.type(contentTypes[extension] ?? extension);
    response.setHeader('Content-Encoding', encoding);
    response.setHeader('Cache-Control', cacheControl(response));
    // Ranges would count the compressed bytes: send the whole copy.
    response.sendFile(copyPath, { acceptRanges: false }, (error) => error && next(error));
  };
}

// The repository path a request names inside a served folder; null for one that leaves it.
function servedPath(folder, requestPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  const normal = posix.normalize(`/${decoded}`);
  return normal.includes('\0') || normal.startsWith('/..') ? null : `${folder}${normal.slice(1)}`;
}

function setHeaders(response, filePath) {
  const extension = filePath.slice(filePath.lastIndexOf('.'));
  if (contentTypes[extension]) response.setHeader('Content-Type', contentTypes[extension]);
  response.setHeader('Cache-Control', cacheControl(response));
}

function cacheControl(response) {
  return response.locals.immutable ? immutable : 'no-cache';
}

/**
 * Starts listening on localhost; resolves to the http.Server (port 0 picks a free port).
 * `precompressed` as for createApp.
 */
export async function startServer({ port = 8080, precompressed } = {}) {
  await assetVersion(); // so that the first page does not wait for it
  const problem = await bundleProblem();
  if (problem) console.warn(`whyrec demo: ${problem}: npm run build`);
  return new Promise((resolve, reject) => {
    const server = createApp({ precompressed }).listen(port, 'localhost', (error) =>
      error ? reject(error) : resolve(server),
    );
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.env.PORT ?? 8080);
  const server = await startServer({ port }).catch((error) => {
    const reason =
      error.code === 'EADDRINUSE'
        ? `port ${port} is already in use (another server running?); choose another: PORT=8081 npm start`
        : error.message;
    console.error(`whyrec demo: cannot listen on localhost:${port}: ${reason}`);
    process.exit(1);
  });
  const origin = `http://localhost:${server.address().port}`;
  console.log(`whyrec demo: ${origin}/`);
  console.log(`  dashboard: ${origin}/web/dashboard/   storefront: ${origin}/web/storefront/`);
  console.log(`  history widgets (MovieLens): ${origin}/web/movielens/for-you.html`);
}
