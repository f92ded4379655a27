// Brotli (quality 11) and gzip (level 9) copies of what the demo server sends, made once at build
// time so that no request waits for compression: build/precompressed/<path>.br and .gz. A copy
// older than its file is remade; the server never sends one older than its file.
//
//   node web/server/precompress.mjs
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import {
  compressedPackageFiles,
  compressible,
  precompressedFolder,
  root,
  servedFolders,
} from './served-files.mjs';

const encoders = {
  br: (bytes) =>
    promisify(brotliCompress)(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  gz: (bytes) => promisify(gzip)(bytes, { level: 9 }),
};

// Smaller files gain less than the headers a compressed response adds.
const smallest = 1024;

/** The repository-relative paths worth precompressing. */
export async function filesToCompress() {
  const own = Object.values(servedFolders).filter((folder) => !folder.startsWith('node_modules'));
  const listed = await Promise.all(
    own.map(async (folder) =>
      (await readdir(`${root}${folder}`, { recursive: true }).catch(() => [])).map(
        (name) => `${folder}${name}`,
      ),
    ),
  );
  const candidates = [...listed.flat(), ...compressedPackageFiles].filter((path) =>
    compressible.test(path),
  );
  const sized = await Promise.all(
    candidates.map(async (path) => ({ path, size: (await stat(`${root}${path}`)).size })),
  );
  return sized.filter(({ size }) => size >= smallest).map(({ path }) => path);
}

/**
 * Writes the missing or stale copies of `files` (repository paths; default: all worth it) under
 * `folder`; resolves to how many it wrote.
 */
export async function precompress({ files, folder = precompressedFolder } = {}) {
  let written = 0;
  for (const path of files ?? (await filesToCompress())) {
    const source = await stat(`${root}${path}`);
    for (const [encoding, encode] of Object.entries(encoders)) {
      const target = `${folder}${path}.${encoding}`;
      const copy = await stat(target).catch(() => null);
      if (copy && copy.mtimeMs >= source.mtimeMs) continue;
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, await encode(await readFile(`${root}${path}`)));
      written++;
    }
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const written = await precompress();
  console.log(`precompressed: ${written} files written to build/precompressed/`);
}
