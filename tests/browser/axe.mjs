// axe-core's WCAG checks on a playwright page: the npm package's axe.min.js is added to the page
// and run on the whole document (shadow roots included).
import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The page's axe violations (axe's result objects: id, impact, help, nodes…); [] when none. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const { violations } = await page.evaluate(() => window.axe.run(document));
  return violations;
}

/** One line per violation and node, for assertion messages. */
export function describeViolations(violations) {
  return violations
    .flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}): ${node.target.join(' ')}`))
    .join('\n');
}
