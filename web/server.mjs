// Static server for the demo. It serves only what pages need, under the same paths the files have
// in the repository, so URLs computed relative to web/*.mjs work in Node and in the browser
// alike. It sends no COOP/COEP headers: whyrec must work on ordinary pages.
import express from 'express';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

const servedFolders = {
  '/web/': 'web/',
  '/build/wasm/': 'build/wasm/',
  '/examples/': 'examples/',
  '/node_modules/onnxruntime-web/dist/': 'node_modules/onnxruntime-web/dist/',
  '/node_modules/@observablehq/plot/dist/': 'node_modules/@observablehq/plot/dist/',
  '/node_modules/d3/dist/': 'node_modules/d3/dist/',
  '/node_modules/papaparse/': 'node_modules/papaparse/',
  '/node_modules/protobufjs/dist/light/': 'node_modules/protobufjs/dist/light/',
};

const contentTypes = { '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

export function createApp() {
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (request, response) => response.redirect('/web/demo/'));
  for (const [urlPath, folder] of Object.entries(servedFolders)) {
    app.use(urlPath, express.static(fileURLToPath(new URL(folder, root)), { setHeaders }));
  }
  return app;
}

function setHeaders(response, filePath) {
  const extension = filePath.slice(filePath.lastIndexOf('.'));
  if (contentTypes[extension]) response.setHeader('Content-Type', contentTypes[extension]);
}

/** Starts listening on localhost; resolves to the http.Server (port 0 picks a free port). */
export function startServer({ port = 8080 } = {}) {
  return new Promise((resolve, reject) => {
    const server = createApp().listen(port, 'localhost', (error) =>
      error ? reject(error) : resolve(server),
    );
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const server = await startServer({ port: Number(process.env.PORT ?? 8080) });
  const origin = `http://localhost:${server.address().port}`;
  console.log(`whyrec demo: ${origin}/`);
  console.log(`  dashboard: ${origin}/web/dashboard/   storefront: ${origin}/web/storefront/`);
}
