// The demo's data set (examples/demo): users, items, each user's candidate items with the model's
// features, the background rows, and meta.json naming the model and features.

export const demoFolder = new URL('../../examples/demo/', import.meta.url);

export async function loadDemoData() {
  const meta = await (await fetchOk('meta.json')).json();
  const [users, items, candidates, background] = await Promise.all(
    ['users.csv', 'items.csv', 'candidates.csv', meta.background].map(loadCsv),
  );
  const featureRow = (row) => meta.feature_names.map((name) => row[name]);
  return {
    featureNames: meta.feature_names,
    featureLabels: meta.feature_labels,
    modelUrl: new URL(meta.model, demoFolder).href,
    output: meta.output,
    users,
    itemsById: new Map(items.map((item) => [item.item_id, item])),
    candidatesByUser: Map.groupBy(candidates, (row) => row.user_id),
    featureRow,
    background: background.map(featureRow),
  };
}

/** A CSV file of examples/demo (or a URL) as objects, numbers typed. */
export async function loadCsv(file) {
  const text = await (await fetchOk(file)).text();
  const { data, errors } = Papa.parse(text, {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: true,
  });
  if (errors.length) throw new Error(`${file}: ${errors[0].message} (row ${errors[0].row})`);
  return data;
}

/** The file of examples/demo (or a URL), failing on an HTTP error status. */
export async function fetchOk(file) {
  const response = await fetch(new URL(file, demoFolder));
  if (!response.ok) throw new Error(`could not load ${file}: HTTP ${response.status}`);
  return response;
}
