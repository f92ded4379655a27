// The dashboard on every screen (#16 part 2): at 360, 768 and 1280 px wide the page never scrolls
// sideways, the results card takes the width it has (stacked under the inputs below 860 px), every
// chart draws with bars of positive width, and the console stays clean; screenshots of both tabs
// at each width go to test-artifacts/.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { fixtureExplanation } from '../js/explanation-fixture.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';
import { explainHistoryExample, openDashboard } from './dashboard-page.mjs';

const artifacts = new URL('../../test-artifacts/', import.meta.url);
const sasrec = new URL('../../examples/movielens/sasrec.onnx', import.meta.url);
const widths = [360, 768, 1280];

let chromium;
let page;
let problems;

before(async () => {
  if (skipWithoutChromium) return;
  chromium = await startBrowser();
  await mkdir(artifacts, { recursive: true });
  ({ page, problems } = await openDashboard(chromium, { width: widths[0], height: 900 }));
  await page.waitForFunction(() => document.getElementById('chart').dataset.chart === 'waterfall');
});

after(() => chromium?.stop());

/** Sideways scroll, the results card's width and the drawn chart's bars and dots. */
function layout(results) {
  return page.evaluate((results) => {
    const rects = [...document.querySelectorAll(`${results} .chart svg rect`)].filter((rect) =>
      rect.closest('svg').checkVisibility(),
    );
    const dots = document.querySelectorAll(`${results} .chart svg circle`);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      results: document.querySelector(results).getBoundingClientRect().width,
      bars: rects.length,
      marks: rects.length + dots.length,
      narrowest: Math.min(...rects.map((rect) => rect.getBoundingClientRect().width)),
    };
  }, results);
}

async function atWidth(width) {
  await page.setViewportSize({ width, height: 900 });
  // The charts redraw for the new width (a ResizeObserver), then the layout settles.
  await page.waitForTimeout(400);
}

test(
  'the Tabular tab fits 360, 768 and 1280 px, with every chart drawn',
  { skip: skipWithoutChromium },
  async () => {
    for (const width of widths) {
      await atWidth(width);
      await page.click('#chart-tabs [data-chart="waterfall"]');
      const shown = await layout('#results');
      assert.ok(shown.scrollWidth <= shown.innerWidth, `${width}: ${shown.scrollWidth} px wide`);
      if (width < 860)
        assert.ok(shown.results > width * 0.85, `${width}: results ${shown.results} px`);
      assert.ok(shown.bars >= 14 && shown.narrowest > 0, `${width}: ${JSON.stringify(shown)}`);
      await page.screenshot({
        path: new URL(`dashboard-${width}.png`, artifacts).pathname,
        fullPage: true,
      });
    }
    // Every chart type, from an explanation with every field, at a phone's width.
    await atWidth(360);
    await page.setInputFiles('#explanation-file', {
      name: 'explanation.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(fixtureExplanation())),
    });
    await page.waitForFunction(() =>
      document.getElementById('results-title').textContent.includes('explanation.json'),
    );
    const names = await page.$$eval('#chart-tabs [data-chart]', (tabs) =>
      tabs.map((t) => t.dataset.chart),
    );
    for (const name of names) {
      await page.click(`#chart-tabs [data-chart="${name}"]`);
      await page.waitForFunction(
        (name) => document.getElementById('chart').dataset.chart === name,
        name,
      );
      const shown = await layout('#results');
      assert.ok(shown.scrollWidth <= shown.innerWidth, `${name}: ${shown.scrollWidth} px wide`);
      assert.ok(shown.marks > 0 && !(shown.narrowest < 0), `${name}: ${JSON.stringify(shown)}`);
      const svgWidth = await page.$eval(
        '#chart svg:last-of-type',
        (svg) => svg.getBoundingClientRect().width,
      );
      assert.ok(
        svgWidth <= shown.results,
        `${name} is ${svgWidth} px in a ${shown.results} px card`,
      );
      await (
        await page.$('#chart')
      ).screenshot({
        path: new URL(`dashboard-360-${name}.png`, artifacts).pathname,
      });
    }
    assert.deepEqual(problems, []);
  },
);

test(
  'the History tab fits 360, 768 and 1280 px',
  { skip: skipWithoutChromium || (!existsSync(sasrec) && `${sasrec.pathname} is absent`) },
  async () => {
    await atWidth(1280);
    await explainHistoryExample(page);
    for (const width of widths) {
      await atWidth(width);
      const shown = await layout('#history-panel .results');
      assert.ok(shown.scrollWidth <= shown.innerWidth, `${width}: ${shown.scrollWidth} px wide`);
      if (width < 860)
        assert.ok(shown.results > width * 0.85, `${width}: results ${shown.results} px`);
      assert.ok(shown.bars > 0, `${width}: ${JSON.stringify(shown)}`);
      await page.screenshot({
        path: new URL(`dashboard-history-${width}.png`, artifacts).pathname,
        fullPage: true,
      });
    }
    assert.deepEqual(problems, []);
  },
);
