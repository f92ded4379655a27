// The dashboard's Distilled tab in Chromium: the demo's distilled model (examples/demo/
// ctr_mlp_distilled.json) drawn as one shape function per feature whose steps are the JSON's
// scores (most important first) and one heatmap per pair whose cells are its scores; a report
// and a hand-made search front loaded as files; the Tabular tab's MLP distilled in the worker by
// distill(); no axe violations; no sideways scroll at 360 px; a clean console.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { axeViolations, describeViolations } from './axe.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';
import { openDashboard } from './dashboard-page.mjs';

const core = new URL('../../build/wasm/whyrec_core.wasm', import.meta.url);
const skip = skipWithoutChromium || (!existsSync(core) && 'build/wasm is not built: npm run build');
const demoModel = JSON.parse(
  await readFile(new URL('../../examples/demo/ctr_mlp_distilled.json', import.meta.url), 'utf8'),
);

let chromium;

before(async () => {
  if (!skip) chromium = await startBrowser();
});

after(() => chromium?.stop());

async function openDistilledTab(viewport) {
  const opened = await openDashboard(chromium, viewport, '/web/dashboard/#distilled');
  await opened.page.waitForSelector('#distilled-shapes figure svg');
  return opened;
}

// Each drawn term: its features, its importance caption and its marks' tooltips.
function drawnTerms(page, grid) {
  return page.evaluate((grid) => {
    return [...document.querySelectorAll(`#${grid} > figure`)].map((figure) => ({
      features: JSON.parse(figure.dataset.features),
      importance: Number(figure.querySelector('figcaption').textContent.replace(/[^\d.]/g, '')),
      titles: [...figure.querySelectorAll('svg g[role="group"] title')].map((t) => t.textContent),
      name: [...figure.querySelectorAll('svg')].at(-1).getAttribute('aria-label'),
    }));
  }, grid);
}

const scoreOf = (title) => Number(title.slice(title.lastIndexOf(': ') + 2));

test(
  'the demo’s distilled model: a shape function per feature, a heatmap per pair',
  { skip },
  async () => {
    const { page, problems } = await openDistilledTab({ width: 1280, height: 900 });
    const mains = demoModel.terms.filter((t) => t.features.length === 1);
    const pairs = demoModel.terms.filter((t) => t.features.length === 2);
    const shapes = await drawnTerms(page, 'distilled-shapes');
    assert.equal(shapes.length, mains.length);
    assert.deepEqual(
      shapes.map((s) => s.features[0]).sort(),
      demoModel.feature_names.slice().sort(),
      'one plot per feature',
    );
    for (const shape of shapes) {
      const term = mains.find((t) => t.features[0] === shape.features[0]);
      // The steps' tooltips: the value bins' scores in order, then the missing bin's.
      assert.deepEqual(shape.titles.map(scoreOf), [...term.scores.slice(1), term.scores[0]]);
      assert.match(shape.name, /^Shape function of /);
    }
    const importances = shapes.map((s) => s.importance);
    assert.deepEqual(
      importances,
      [...importances].sort((a, b) => b - a),
      'most important first',
    );
    const heatmaps = await drawnTerms(page, 'distilled-pairs');
    assert.equal(heatmaps.length, pairs.length);
    for (const heatmap of heatmaps) {
      const term = pairs.find((t) => t.features.join() === heatmap.features.join());
      assert.deepEqual(heatmap.titles.map(scoreOf), term.scores);
      assert.match(heatmap.name, /^Interaction of /);
    }
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(problems, []);
    await page.close();
  },
);

const front = {
  format: 'whyrec-distill-front',
  version: 1,
  metric: 'holdout_r2',
  pick_rule: 'smallest within 1% of the best holdout_r2',
  candidates: [
    {
      family: 'linear',
      settings: { max_terms: 4 },
      json_bytes: 400,
      gzip_bytes: 300,
      terms: 4,
      holdout_r2: 0.61,
      top_k_agreement: 0.5,
      ndcg_at_10: 0.8,
      fit_seconds: 0.1,
      pareto: true,
      picked: false,
    },
    {
      family: 'ga2m',
      settings: { interactions: 10 },
      json_bytes: 40000,
      gzip_bytes: 12000,
      terms: 22,
      holdout_r2: 0.95,
      top_k_agreement: 0.8,
      ndcg_at_10: 0.95,
      fit_seconds: 1.2,
      pareto: true,
      picked: true,
    },
    {
      family: 'ga2m',
      settings: { interactions: 40 },
      json_bytes: 120000,
      gzip_bytes: 40000,
      terms: 52,
      holdout_r2: 0.955,
      top_k_agreement: 0.82,
      ndcg_at_10: 0.96,
      fit_seconds: 3.1,
      pareto: true,
      picked: false,
    },
    {
      family: 'tree',
      settings: { depth: 4 },
      json_bytes: 3000,
      gzip_bytes: 900,
      terms: 15,
      holdout_r2: 0.5,
      top_k_agreement: null,
      ndcg_at_10: null,
      fit_seconds: 0.2,
      pareto: false,
      picked: false,
    },
  ],
};
const report = {
  teacher: 'ctr_mlp.onnx',
  family: 'ga2m',
  seed: 0,
  train_rows: 6400,
  holdout_rows: 1600,
  group: 'user_id',
  holdout_r2: 0.9612,
  train_r2: 0.97,
  k: 10,
  top_k_agreement: 0.81,
  lists_for_top_k: 80,
  ndcg_at_10: 0.95,
  lists_for_ndcg: 80,
  terms: 52,
  pairs: [],
  json_bytes: 105000,
  gzip_bytes: 30000,
  fit_seconds: 2.5,
  fit_cpu_seconds: 2.5,
  teacher_seconds: 0.2,
};

test(
  'a report and a search front as files; 360 px wide without sideways scroll',
  { skip },
  async () => {
    const { page, problems } = await openDistilledTab({ width: 360, height: 800 });
    const file = (name, json) => ({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(json)),
    });
    await page.setInputFiles('#distilled-files', [
      file('front.json', front),
      file('fidelity.json', report),
    ]);
    await page.waitForSelector('#distilled-front svg');
    assert.equal(await page.textContent('#distilled-front-name'), 'front.json');
    const stats = await page.textContent('#distilled-fidelity-stats');
    assert.match(stats, /Held-out R²0\.9612/);
    assert.match(stats, /Top-10 agreement0\.81 \(80 lists\)/);
    const pareto = await page.evaluate(() => {
      const svg = [...document.querySelectorAll('#distilled-front svg')].at(-1);
      return {
        dots: svg.querySelectorAll('g[aria-label="dot"]')[0].querySelectorAll('path').length,
        picked: [...svg.querySelectorAll('text')].some((t) => t.textContent === 'picked'),
        name: svg.getAttribute('aria-label'),
      };
    });
    assert.deepEqual(pareto, {
      dots: 4,
      picked: true,
      name: 'Search front: holdout_r2 against model size for 4 candidates',
    });
    const width = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    assert.ok(width[0] <= width[1], `${width[0]} px wide at ${width[1]}`);
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    // A file that is none of the three is refused, naming it.
    await page.setInputFiles('#distilled-files', [file('other.json', { hello: 1 })]);
    await page.waitForSelector('#distilled-error:not([hidden])');
    assert.match(
      await page.textContent('#distilled-error-text'),
      /other\.json is neither a distilled model/,
    );
    assert.deepEqual(problems, []);
    await page.close();
  },
);

test('the Tabular tab’s MLP distilled in the worker by distill()', { skip }, async () => {
  const { page, problems } = await openDashboard(chromium, { width: 1280, height: 900 });
  await page.waitForFunction(() => document.getElementById('chart').dataset.chart === 'waterfall');
  await page.click('#tab-distilled');
  await page.waitForSelector('#distilled-shapes figure svg');
  await page.fill('#distilled-settings', '{"bags": 1, "interactions": 3, "seed": 2}');
  await page.click('#distilled-fit');
  await page.waitForFunction(() =>
    document.getElementById('distilled-status').textContent.startsWith('Distilled in'),
  );
  assert.equal(await page.isHidden('#distilled-error'), true);
  assert.equal((await drawnTerms(page, 'distilled-shapes')).length, 12);
  assert.equal((await drawnTerms(page, 'distilled-pairs')).length, 3);
  const stats = await page.textContent('#distilled-fidelity-stats');
  assert.match(stats, /Held-out R²0\.9\d*/);
  assert.match(stats, /Top-10 agreement0\.\d+ \(\d+ lists\)/);
  assert.deepEqual(problems, []);
  await page.close();
});
