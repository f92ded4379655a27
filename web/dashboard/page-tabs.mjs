// The dashboard's tabs: models that read rows (Tabular), models that read a history (History)
// and self-explaining distilled models (Distilled). A tab starts the first time it opens, so that a page opened on one never loads or
// computes the other's example. The open tab is in the URL (#history), for links to it.

const $ = (id) => document.getElementById(id);

/** starts: { tabular, history, distilled }, each called once, when its tab first opens. */
export function wirePageTabs(starts) {
  const tabs = [...$('page-tabs').querySelectorAll('[role="tab"]')];
  const started = new Set();
  const select = (tab) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute('aria-controls')).hidden = !selected;
    }
    const name = tab.dataset.tab;
    const url = name === 'tabular' ? location.pathname + location.search : `#${name}`;
    window.history.replaceState(null, '', url);
    if (!started.has(name)) {
      started.add(name);
      starts[name]();
    }
  };
  for (const tab of tabs) tab.addEventListener('click', () => select(tab));
  // Arrow keys move between tabs, as in any tab list.
  $('page-tabs').addEventListener('keydown', (event) => {
    const at = tabs.indexOf(document.activeElement);
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (at < 0 || !step) return;
    const next = tabs[(at + step + tabs.length) % tabs.length];
    next.focus();
    select(next);
  });
  select(tabs.find((tab) => `#${tab.dataset.tab}` === location.hash) ?? tabs[0]);
}
