// What the dashboard's browser tests share: a page that records what goes wrong on it (uncaught
// errors, console errors, responses of 400 and up), and the History tab's example explained.

/** Opens `path` at `viewport`; problems fills with what went wrong, for assert.deepEqual(…, []). */
export async function openDashboard(chromium, viewport, path = '/web/dashboard/') {
  const page = await chromium.browser.newPage({ viewport });
  // Generous: on a busy 2-core machine the first ONNX Runtime session alone can take seconds.
  page.setDefaultTimeout(90_000);
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.url()}: HTTP ${response.status()}`);
  });
  await page.goto(`${chromium.origin}${path}`);
  return { page, problems };
}

/** Opens the History tab and explains its example's first history with Kernel SHAP. */
export async function explainHistoryExample(page, budget = 32) {
  await page.click('#tab-history');
  await page.waitForSelector('#history-explain:not([disabled])');
  await page.fill('#history-budget', String(budget));
  await page.click('#history-explain');
  await page.waitForFunction(() =>
    document.getElementById('history-progress-text').textContent.startsWith('Done'),
  );
}
