// What the storefront tests share: a page that records its requests and problems, and the reasons
// a row's values must show.

/**
 * A new 1280×900 page; `requested` collects the path of every request of its context (the
 * worker's too) without the server's /v/<version> prefix, `problems` its errors and warnings.
 */
export async function watchedPage(chromium, timeout) {
  const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(timeout);
  const requested = [];
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page
    .context()
    .on('request', (request) =>
      requested.push(new URL(request.url()).pathname.replace(/^\/v\/[^/]+/, '')),
    );
  return { page, requested, problems };
}

// What the widget must show for one row, worked out from the values alone: the positive values of
// at least 5% of the largest magnitude, largest first, at most 3; below the average, none.
export function expectedFeatures(values, names) {
  const largest = Math.max(...values.map(Math.abs));
  return names
    .map((name, j) => ({ name, value: values[j] }))
    .filter(({ value }) => value > 0 && value >= 0.05 * largest)
    .sort((a, b) => b.value - a.value)
    .slice(0, 3)
    .map(({ name }) => name);
}
