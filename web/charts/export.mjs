// Charts leave the page as standalone SVG text or as a PNG. A chart with a legend is a <figure>
// holding several SVGs (legend, plot); they are stacked into one SVG. An export looks as the chart
// does on the page: the same text size (the chart's own style is kept) and the page's font, which
// the chart only inherits there.

const svgNs = 'http://www.w3.org/2000/svg';

/**
 * Standalone SVG text of a chart (an SVG element, or an element that contains SVGs). fontFamily:
 * default the page's font where the chart is on a page.
 */
export function svgText(
  chart,
  { color = '#1f2733', background = 'white', fontFamily = pageFont(chart) } = {},
) {
  const svg = standalone(chart);
  svg.setAttribute('xmlns', svgNs);
  svg.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  // Plot draws text in currentColor: give the file the colour the page gave the chart.
  const kept = (svg.getAttribute('style') ?? '')
    .split(';')
    .map((rule) => rule.trim())
    .filter((rule) => rule && !/^(font-family|color|background)\s*:/.test(rule));
  svg.setAttribute(
    'style',
    [...kept, `font-family: ${fontFamily}`, `color: ${color}`, `background: ${background}`].join(
      '; ',
    ),
  );
  if (globalThis.XMLSerializer) return new XMLSerializer().serializeToString(svg);
  // DOM implementations without XMLSerializer (linkedom, in tests) serialize SVG as HTML, which
  // leaves "<" in attribute values (names in aria-label): XML wants them escaped.
  return svg.outerHTML.replace(
    /="([^"]*)"/g,
    (_, value) => `="${value.replaceAll('<', '&lt;').replaceAll('>', '&gt;')}"`,
  );
}

/** A PNG Blob of a chart, drawn on a canvas at `scale` times its size (browsers only). */
export async function pngBlob(chart, { scale = 2, background = 'white', ...options } = {}) {
  const text = svgText(chart, { background, ...options });
  const { width, height } = sizeOf(standalone(chart));
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const context = canvas.getContext('2d');
    context.fillStyle = background;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no PNG'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

function pageFont(chart) {
  const onPage = chart.isConnected && globalThis.getComputedStyle;
  return (onPage && getComputedStyle(chart).fontFamily) || 'system-ui, sans-serif';
}

function standalone(chart) {
  if (chart.localName === 'svg') return chart.cloneNode(true);
  const parts = [...chart.querySelectorAll('svg')].filter((svg) => !svg.parentNode.closest('svg'));
  if (parts.length === 0) throw new Error('the chart contains no SVG');
  const document = chart.ownerDocument;
  const root = document.createElementNS(svgNs, 'svg');
  let y = 0;
  let width = 0;
  for (const part of parts) {
    const size = sizeOf(part);
    const copy = part.cloneNode(true);
    copy.setAttribute('y', String(y));
    copy.setAttribute('width', String(size.width));
    copy.setAttribute('height', String(size.height));
    root.append(copy);
    y += size.height + 8;
    width = Math.max(width, size.width);
  }
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(y - 8));
  root.setAttribute('viewBox', `0 0 ${width} ${y - 8}`);
  return root;
}

function sizeOf(svg) {
  const [, , w, h] = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  return {
    width: Number(svg.getAttribute('width')) || w || 640,
    height: Number(svg.getAttribute('height')) || h || 400,
  };
}
