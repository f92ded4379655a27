// Tables for bench/README.md from a `whyrec distill --search --front FILE` front: the Pareto
// candidates by size, and the best held-out fidelity the search reached within 30 KB, 100 KB and
// 1 MB of gzip (1 KB = 1,000 bytes).
// Usage: node bench/distill_front.mjs front.json [--all]  (--all: every candidate, the front
// marked, not the front alone)
import { readFile } from 'node:fs/promises';

const front = JSON.parse(await readFile(process.argv[2], 'utf8'));
const all = process.argv.includes('--all');
const fixed = (v, digits = 4) => (v === null ? '–' : v.toFixed(digits));
const bytes = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} KB`);

console.log(
  `metric ${front.metric}; ${front.pick_rule}; rungs:`,
  front.rungs.map((r) => `${r.fitted} fits on ${r.fit_rows} rows`).join(', '),
);
console.log(
  '\n| family | settings | gzip | JSON | terms | held-out R² | top-10 agreement | NDCG@10 | fit (wall) | |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const c of front.candidates.filter((c) => all || c.pareto)) {
  const settings = Object.entries(c.settings)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(
    `| ${c.family} | ${settings} | ${bytes(c.gzip_bytes)} | ${bytes(c.json_bytes)} | ` +
      `${c.terms} | ${fixed(c.holdout_r2)} | ${fixed(c.top_k_agreement, 3)} | ` +
      `${fixed(c.ndcg_at_10)} | ${c.fit_seconds.toFixed(2)} s | ` +
      `${c.picked ? 'picked' : all && c.pareto ? 'front' : ''} |`,
  );
}
console.log(
  '\n| gzip budget | best held-out R² | family | settings | gzip | top-10 agreement | NDCG@10 |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const cap of [30e3, 100e3, 1e6]) {
  const within = front.candidates.filter((c) => c.gzip_bytes <= cap);
  const best = within.reduce((a, c) => (a === null || c.holdout_r2 > a.holdout_r2 ? c : a), null);
  if (!best) {
    console.log(`| ${bytes(cap)} | none within | | | | | |`);
    continue;
  }
  const settings = Object.entries(best.settings)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(
    `| ${bytes(cap)} | ${fixed(best.holdout_r2)} | ${best.family} | ${settings} | ` +
      `${bytes(best.gzip_bytes)} | ${fixed(best.top_k_agreement, 3)} | ${fixed(best.ndcg_at_10)} |`,
  );
}
