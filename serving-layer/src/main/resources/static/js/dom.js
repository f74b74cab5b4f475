// Small DOM helpers: build elements without innerHTML so catalog text can never inject markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    // Style properties through the CSSOM: the Content-Security-Policy (style-src 'self') refuses
    // style attributes, not el.style.
    else if (key === 'style' && typeof value === 'object') {
      for (const [prop, v] of Object.entries(value)) el.style.setProperty(prop, String(v));
    }
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** The dataset separates several artists with ';'. */
export function artistList(artists) {
  return (artists || '')
    .split(';')
    .map((a) => a.trim())
    .filter(Boolean);
}

export const artistText = (artists) => artistList(artists).join(', ') || 'Unknown artist';

/** Sets a status line; kind is '', 'loading', 'empty', 'notice' or 'error'. */
export function setStatus(el, kind, ...content) {
  el.dataset.kind = kind;
  el.replaceChildren(...content);
  el.hidden = content.length === 0;
}

/** Renders an ApiError (problem+json) as a title plus detail. */
export function problemContent(error) {
  return [h('strong', {}, error.title || 'Something went wrong'), error.detail ? ` ${error.detail}` : ''];
}

export function relativeTime(epochMs, now = Date.now()) {
  const seconds = Math.round((now - epochMs) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return new Date(epochMs).toLocaleDateString();
}

export function duration(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return '';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

export const fmt = {
  int: (n) => (n == null ? '–' : Number(n).toLocaleString()),
  dec: (n, digits = 3) => (n == null ? '–' : Number(n).toFixed(digits)),
};
