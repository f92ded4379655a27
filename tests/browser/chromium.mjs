// Debian's Chromium driven by playwright-core (never a downloaded browser), and the demo server.
import { existsSync } from 'node:fs';
import { bundleProblem } from '../../web/server/bundle.mjs';
import { startServer } from '../../web/server.mjs';

export const chromiumPath = '/usr/bin/chromium';

/** A reason to skip browser tests, or false when Chromium is installed. */
export const skipWithoutChromium =
  !existsSync(chromiumPath) && `${chromiumPath} is absent: apt-get install chromium`;

/** Starts the demo server on a free port and a headless Chromium; stop() ends both. */
export async function startBrowser() {
  // Pages run the bundled worker (and some the bundled widget): one older than its sources would
  // test yesterday's code.
  const problem = await bundleProblem();
  if (problem) throw new Error(`${problem}: npm run build`);
  const { chromium } = await import('playwright-core');
  const server = await startServer({ port: 0 });
  // Playwright gives each launch a fresh temporary profile.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    origin: `http://localhost:${server.address().port}`,
    stop: async () => {
      await browser.close();
      server.close();
    },
  };
}
