/**
 * The frame of the few HTML pages the bot serves (the acknowledge link's): one self-contained
 * document with its CSS inline. Nothing is loaded from elsewhere, so the pages work behind the
 * strict Content-Security-Policy the handler sends (default-src 'none') and on a phone on bad signal.
 */

/** Text and attribute values into HTML: every value that reaches a page goes through this. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// System fonts only (a web font would be a request the CSP refuses); large tap targets for phones.
const STYLE = `
:root { color-scheme: light dark; --fg: #1d1c1d; --muted: #616061; --bg: #ffffff; --card: #f8f8f8;
  --line: #dddddd; --accent: #007a5a; --warn: #b35900; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e8e8; --muted: #a8a8a8; --bg: #1a1d21; --card: #222529; --line: #3a3d41;
    --accent: #2bac76; --warn: #e8a33d; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem 1rem; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 36rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
dl { margin: 0 0 1rem; padding: 1rem; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
dt { color: var(--muted); font-size: 0.875rem; }
dd { margin: 0 0 0.75rem; overflow-wrap: anywhere; }
dd:last-child { margin-bottom: 0; }
.message { white-space: pre-wrap; }
.warn { color: var(--warn); font-weight: 600; }
.note { color: var(--muted); font-size: 0.875rem; }
form { margin: 1.5rem 0 1rem; }
button { width: 100%; padding: 0.875rem 1rem; font: inherit; font-weight: 700; color: #ffffff;
  background: var(--accent); border: 0; border-radius: 8px; cursor: pointer; }
button:focus-visible { outline: 3px solid var(--fg); outline-offset: 2px; }
`;

/** A complete document: `title` is plain text (escaped here), `body` is HTML the caller escaped. */
export function htmlDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
