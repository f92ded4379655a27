// distill(): a self-explaining surrogate of any model the engine runs, fitted by the core's
// Distill() on the teacher's scores, as `whyrec distill` fits it. Loaded on first use (the widget
// never fits). The teacher's scores come from where the engine evaluates it: ONNX Runtime for
// ONNX models, the core for distilled models (DistilledModel) and for XGBoost, LightGBM and
// linear models (distillTeacherScores). `context` (the engine's, as for jobs.mjs) gives the model
// read from a request (model(request)), what runs it (runnable(model, modelKey): null for a model
// the core scores), its feature names (namesOf(model)) and WebAssembly cores (core(url)).
import { defaultCoreUrl } from '../core.mjs';
import { featureNamesFor, firstRowWidth, toMatrix } from '../inputs.mjs';
import { isModelText } from '../model-kinds.mjs';

// Rows per teacher call, as the CLI's batches: bounds the memory of one ONNX Runtime run.
const batchRows = 65536;

/** Resolves to { model, json, report }: whyrec.d.ts's DistillResult. */
export async function distill(context, request) {
  const model = await context.model({ model: request.model, modelKey: request.modelKey });
  const runner = await context.runnable(model, request.modelKey);
  const names = featureNamesFor(
    request.featureNames ?? context.namesOf(model),
    firstRowWidth(request.data) ?? runner?.width,
  );
  runner?.checkWidth(names.length);
  const rows = toMatrix(request.data, names, 'data', request.missing);
  const count = rows.length / names.length;
  const lists = listIds(request.lists, count);
  const core = await fullCore(context);
  const teacher = teacherName(request.model);
  const column = columnOf(request.column);
  // The teacher's scores on rows (its logits with teacherLogit); `what` names a row in errors.
  const teacherScores = async (x, what) => {
    const raw = runner
      ? await runnerScores(runner, x, names.length, runner.outputName(request.output), column)
      : core.distillTeacherScores(modelText(model), x, names.length, request.output ?? '', column);
    return request.teacherLogit ? logits(raw, what) : raw;
  };
  const started = performance.now();
  const scores = await teacherScores(rows, 'data row');
  const teacherSeconds = (performance.now() - started) / 1000;
  const settings = {
    ...request.settings,
    ...(request.family !== undefined && { family: request.family }),
    ...(request.teacherLogit && { link: 'logit' }),
  };
  const config = JSON.stringify({
    settings,
    feature_names: names,
    ...(lists && { lists }),
    teacher,
    group: request.group,
  });
  let answer;
  let syntheticSeconds = 0;
  try {
    // Synthetic rows only when asked for: making them reads every row into the core again.
    let synthetic = new Float32Array(0);
    let syntheticScores = new Float64Array(0);
    if (settings.augment > 0) {
      const syntheticStarted = performance.now();
      synthetic = core.distillSyntheticRows(config, rows, scores);
      syntheticScores = await teacherScores(synthetic, 'synthetic row');
      syntheticSeconds = (performance.now() - syntheticStarted) / 1000;
    }
    answer = JSON.parse(core.distill(config, rows, scores, synthetic, syntheticScores));
  } catch (error) {
    throw new Error(`distilling ${teacher}: ${error.message}`);
  }
  const { fit_seconds, fit_cpu_seconds, ...fidelity } = answer.report;
  const report = {
    ...fidelity,
    gzip_bytes: await gzipBytes(answer.model),
    // As the CLI counts it: making and scoring synthetic rows is part of the fit.
    fit_seconds: fit_seconds + syntheticSeconds,
    fit_cpu_seconds,
    teacher_seconds: teacherSeconds,
  };
  return { model: JSON.parse(answer.model), json: answer.model, report };
}

// The configured core when it has the binding (not the widget's), else the default full core.
async function fullCore(context) {
  const core = await context.core();
  return core.distill ? core : context.core(defaultCoreUrl);
}

// Each row's list id: its `lists` entry (a user id, say), numbered in order of first appearance,
// as the CLI numbers the --group column's values.
function listIds(lists, count) {
  if (lists === undefined || lists === null) return null;
  if (!Array.isArray(lists) && !ArrayBuffer.isView(lists)) {
    throw new Error('`lists` must be an array: one candidate-list id per row of `data`');
  }
  if (lists.length !== count) {
    throw new Error(`\`lists\` has ${lists.length} ids but \`data\` has ${count} rows`);
  }
  const ids = new Map();
  return Array.from(lists, (list, row) => {
    if (typeof list !== 'string' && !Number.isFinite(list)) {
      throw new Error(
        `\`lists\` row ${row}: ${String(list)} is not a list id (a string or number)`,
      );
    }
    const key = String(list);
    if (!ids.has(key)) ids.set(key, ids.size);
    return ids.get(key);
  });
}

// The column of the teacher's output to fit: -1 when the request names none (the output's only
// one; OutputColumn in the core and checkColumn here refuse an output of several).
function columnOf(column) {
  if (column === undefined || column === null) return -1;
  if (!Number.isInteger(column) || column < 0) {
    throw new Error(`\`column\` must be a non-negative integer, got ${String(column)}`);
  }
  return column;
}

// As the core's OutputColumn: which of an output's `perRow` values per row a surrogate fits.
function checkColumn(column, perRow, output) {
  const range = `0 to ${perRow - 1}`;
  if (column < 0 && perRow > 1) {
    throw new Error(
      `the teacher's output '${output}' has ${perRow} columns (a class or a target each): ` +
        `choose one with \`column\` (${range})`,
    );
  }
  if (column >= perRow) {
    throw new Error(
      `\`column\` ${column} is not a column of the teacher's output '${output}' (${range})`,
    );
  }
  return Math.max(column, 0);
}

async function runnerScores(runner, rows, width, output, column) {
  const count = rows.length / width;
  const scores = new Float64Array(count);
  for (let begin = 0; begin < count; begin += batchRows) {
    const end = Math.min(count, begin + batchRows);
    const { values, perRow } = await runner.run(
      rows.subarray(begin * width, end * width),
      width,
      output,
    );
    if (values.length !== (end - begin) * perRow) {
      throw new Error(`the teacher returned ${values.length} values for ${end - begin} rows`);
    }
    const c = checkColumn(column, perRow, output);
    for (let r = begin; r < end; r++) scores[r] = values[(r - begin) * perRow + c];
  }
  return scores;
}

// The teacher's probabilities as logits, as `--teacher-logit` takes them.
function logits(probabilities, what) {
  return probabilities.map((p, row) => {
    if (!(p > 0 && p < 1)) {
      throw new Error(
        `teacherLogit: the teacher's output for ${what} ${row} is ${p}, not a probability in (0, 1)`,
      );
    }
    return Math.log(p / (1 - p));
  });
}

function modelText(model) {
  return model.text ?? JSON.stringify(model.spec);
}

function teacherName(model) {
  return typeof model === 'string' && !isModelText(model) ? model : 'the model given';
}

// The model JSON's gzip size, by the platform's CompressionStream (zlib's default level; the
// CLI's level 9 is a few bytes smaller).
async function gzipBytes(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}
