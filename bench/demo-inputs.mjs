// The benchmarks' demo inputs: the 8,000 candidates (ids and label dropped) and the 100
// background rows, read with `read(path from the repository root)` so that Node (files) and
// pages (fetch) share it; in pages its source is evaluated, so it stays self-contained.
export async function demoInputs(read) {
  const csvRows = (text, drop = []) => {
    const [header, ...lines] = text
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    const keep = header.map((name, i) => (drop.includes(name) ? -1 : i)).filter((i) => i >= 0);
    return {
      names: keep.map((i) => header[i]),
      rows: lines.map((c) => keep.map((i) => Number(c[i]))),
    };
  };
  const candidates = csvRows(await read('examples/demo/candidates.csv'), [
    'user_id',
    'item_id',
    'label',
  ]);
  return {
    names: candidates.names,
    rows: candidates.rows,
    background: csvRows(await read('examples/demo/background.csv')).rows,
  };
}
