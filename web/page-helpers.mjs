// What the demo, MovieLens and dashboard pages share: number formats for values, elements built
// with text only (names come from user files), and a status line.

// Each made on first use: a cold page's first NumberFormat costs tens of milliseconds of its main
// thread (ICU's start-up; bench/README.md), which a page that formats no number should not pay.
const made = new Map();
const format = (name, options) => {
  if (!made.has(name)) made.set(name, new Intl.NumberFormat('en-US', options));
  return made.get(name);
};

export const formats = {
  get fixed() {
    return format('fixed', { minimumFractionDigits: 4, maximumFractionDigits: 4 });
  },
  get signed() {
    return format('signed', {
      minimumFractionDigits: 4,
      maximumFractionDigits: 4,
      signDisplay: 'exceptZero',
    });
  },
  get standardError() {
    return format('standardError', { maximumSignificantDigits: 2 });
  },
  get count() {
    return format('count', {});
  },
};

/** An element with a class and text content (never HTML). */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = text;
  return node;
}

/** The page's status line (an element with id `id`): progress text, or an error in red. */
export function statusLine(id = 'status') {
  const node = () => document.getElementById(id);
  return {
    setStatus(text) {
      node().textContent = text;
      node().classList.remove('error');
    },
    showError(error) {
      node().textContent = `Something went wrong: ${error.message}`;
      node().classList.add('error');
    },
  };
}

/**
 * Calls `draw` when `node`'s width changes (by a whole pixel): charts drawn for a width are drawn
 * again for the new one, and not for changes of height.
 */
export function redrawOnWidthChange(node, draw) {
  let drawnWidth = 0;
  new ResizeObserver(([entry]) => {
    const width = Math.round(entry.contentRect.width);
    if (width === drawnWidth) return;
    drawnWidth = width;
    draw();
  }).observe(node);
}

/** Saves `blob` as a file named `name`; the URL lives a second, so that every browser's download
 * has started before it is revoked. */
export function download(blob, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
