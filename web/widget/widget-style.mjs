// The widget's shadow styles. Pages theme it with custom properties (--why-*) and ::part().
export const widgetStyle = `
:host {
  display: block;
  font: var(--why-font, 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  color: var(--why-color, #1f2733);
  contain: content;
}
:host([hidden]) { display: none; }
.box {
  background: var(--why-background, transparent);
  border: var(--why-border, none);
  border-radius: var(--why-radius, 8px);
  padding: var(--why-padding, 0);
}
.heading {
  margin: 0 0 6px;
  font-size: 0.85em;
  font-weight: 600;
  letter-spacing: 0.02em;
  text-transform: uppercase;
  color: var(--why-muted, #667085);
}
.reasons { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.reason { display: grid; gap: 3px; }
.bar {
  height: 4px;
  border-radius: 2px;
  background: var(--why-bar-track, #eef1f5);
  overflow: hidden;
}
.fill {
  display: block;
  height: 100%;
  border-radius: inherit;
  background: var(--why-bar-color, #2f9e6e);
}
.status { margin: 0; color: var(--why-muted, #667085); }
.status:empty { display: none; }
details { margin-top: 8px; color: var(--why-muted, #667085); font-size: 0.9em; }
summary { cursor: pointer; width: fit-content; border-radius: 4px; }
summary:focus-visible { outline: 2px solid var(--why-accent, #2f74c0); outline-offset: 2px; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 6px 0 0; }
dt { font-weight: 600; }
dd { margin: 0; font-variant-numeric: tabular-nums; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
`;
