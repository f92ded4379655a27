// Files shared by every widget on the page and the page itself (templates, backgrounds,
// precomputed results, titles), fetched and parsed once per URL: the first `parse` given for a
// URL is the one its users share. A failed load is forgotten, so that a later use tries again.
const files = new Map();

/** `parse(text, url)` of the file at `url`; an error naming the URL and status if it fails. */
export function fetchOnce(url, parse) {
  const key = new URL(url, document.baseURI).href;
  if (!files.has(key)) {
    const loaded = fetch(key).then(async (response) => {
      if (!response.ok) throw new Error(`could not load ${key}: HTTP ${response.status}`);
      return parse(await response.text(), key);
    });
    loaded.catch(() => files.delete(key));
    files.set(key, loaded);
  }
  return files.get(key);
}
