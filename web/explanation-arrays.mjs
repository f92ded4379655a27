// The explanation of a full core's TreeExplainer.explainArrays (wasm/tree_bindings.cpp): its JSON
// head with the per-row numbers put in from their Float64Arrays, the object that
// JSON.parse(explainJson(...)) gives, numbers JSON cannot hold (NaN, infinities) null as there.

/** { head, outputs, players, values, std_errors, model_output } -> the explanation. */
export function fromArrays({ head, outputs, players, values, std_errors, model_output }) {
  const explanation = JSON.parse(head);
  const rows = model_output.length / outputs;
  explanation.values = playerRows(values, rows, players, outputs);
  explanation.std_errors = playerRows(std_errors, rows, players, outputs);
  explanation.model_output = Array.from({ length: rows }, (_, r) =>
    entry(model_output, r * outputs, outputs),
  );
  return explanation;
}

// Rows of players' entries, from numbers by row, player and output.
function playerRows(numbers, rows, players, outputs) {
  const out = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = new Array(players);
    for (let g = 0; g < players; g++) row[g] = entry(numbers, (r * players + g) * outputs, outputs);
    out[r] = row;
  }
  return out;
}

// One number with one output, else an array of one per output.
function entry(numbers, offset, outputs) {
  if (outputs === 1) return finite(numbers[offset]);
  return Array.from({ length: outputs }, (_, k) => finite(numbers[offset + k]));
}

function finite(x) {
  return Number.isFinite(x) ? x : null;
}
