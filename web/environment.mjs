// Where the code runs decides how files are found and read: Node reads paths and file: URLs from
// disk, browsers (pages and workers) fetch.

export const isNode = typeof process !== 'undefined' && Boolean(process.versions?.node);

/** An absolute URL for a URL or, in Node, a path (relative ones resolve against the cwd). */
export async function toUrl(location) {
  if (location instanceof URL) return location;
  if (!isNode) return new URL(location, globalThis.location?.href);
  if (/^[a-z][a-z0-9+.-]*:/i.test(location)) return new URL(location);
  const { pathToFileURL } = await import('node:url');
  return pathToFileURL(location);
}

/** Bytes of a file given as a URL or, in Node, a path. */
export async function readBytes(location) {
  const url = await toUrl(location);
  if (isNode && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return new Uint8Array(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function readText(location) {
  return new TextDecoder().decode(await readBytes(location));
}
