// The last step of every chart: its legends take the chart's text style (Plot draws them at
// 10 px), and it names itself for people who cannot see it: the SVG that draws the plot is an
// image (role="img") named by aria-label and its own <title>, with a <desc> that says in words
// what it shows; a legend drawn as a second SVG is an image named after what it keys. Titles and
// descriptions are text (textContent), never markup: they carry feature names from user files.
import { style } from './theme.mjs';

const svgNs = 'http://www.w3.org/2000/svg';

/** Styles and names `chart` (an SVG, or a <figure> of legend and plot); returns it. */
export function finish(chart, options, { title, description }) {
  const svgs =
    chart.localName === 'svg'
      ? [chart]
      : [...chart.querySelectorAll('svg')].filter((svg) => !svg.parentNode.closest('svg'));
  const plot = svgs.at(-1);
  const { fontSize, fontFamily } = style(options);
  for (const svg of svgs) {
    if (svg === plot) {
      label(svg, title, description);
      continue;
    }
    svg.style.fontSize = fontSize;
    svg.style.fontFamily = fontFamily;
    label(svg, `Legend: ${svg.textContent.replace(/\s+/g, ' ').trim()}`);
  }
  if (chart !== plot) chart.setAttribute('aria-label', title);
  return chart;
}

function label(svg, name, description) {
  const document = svg.ownerDocument;
  // Plot names its marks' groups (aria-label="bar"); a name needs a role that takes one, and
  // inside an image they are part of the picture.
  for (const group of svg.querySelectorAll('g[aria-label]')) group.setAttribute('role', 'group');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', name);
  const parts = [['title', name]];
  if (description) parts.push(['desc', description]);
  for (const [tag, text] of parts.reverse()) {
    const node = document.createElementNS(svgNs, tag);
    node.textContent = text;
    svg.insertBefore(node, svg.firstChild);
  }
}
