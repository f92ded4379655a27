// What a history request names, checked before any model runs: the history (item ids, oldest
// first) and the core's config for it (names as the CLI's flags, underscored).

/** Item ids as numbers; errors say which position is wrong and why. */
export function historyItems(history, what = '`history`') {
  if (!Array.isArray(history) && !ArrayBuffer.isView(history)) {
    throw new Error(`${what} must be an array of item ids (oldest first)`);
  }
  return Array.from(history, (id, i) => {
    const value = typeof id === 'bigint' ? Number(id) : id;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new Error(`${what} item ${i} must be a non-negative integer item id, got ${id}`);
    }
    return value;
  });
}

/** Optional per-item strings (names, group labels): one per history item. */
export function perItem(values, count, what) {
  if (values === undefined || values === null) return undefined;
  if (!Array.isArray(values) || values.length !== count) {
    throw new Error(`\`${what}\` must be an array of ${count} strings, one per history item`);
  }
  return values.map((value, i) => {
    if (typeof value !== 'string' || value === '') {
      throw new Error(`\`${what}\` item ${i} must be a non-empty string`);
    }
    return value;
  });
}

/** The top `k` items of one row of scores, skipping `excluded` ids and the padding column. */
export function topItems(scores, k, excluded, padId = 0) {
  const skip = new Set(excluded);
  skip.add(padId);
  const ids = [];
  for (let j = 0; j < scores.length; j++) if (!skip.has(j)) ids.push(j);
  ids.sort((a, b) => scores[b] - scores[a] || a - b);
  const items = ids.slice(0, k);
  return { items, scores: items.map((j) => scores[j]) };
}
