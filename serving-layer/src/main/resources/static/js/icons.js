// Inline SVG icons (no icon fonts or CDN); always decorative, the button carries the label.
const NS = 'http://www.w3.org/2000/svg';
const PATHS = {
  play: 'M8 5.1v13.8a1 1 0 0 0 1.5.9l10.8-6.9a1 1 0 0 0 0-1.7L9.5 4.2A1 1 0 0 0 8 5.1Z',
  like: 'M12 20.3 4.7 13A4.7 4.7 0 0 1 11.3 6.3l.7.7.7-.7A4.7 4.7 0 0 1 19.3 13Z',
  skip: 'M5 5.6v12.8a1 1 0 0 0 1.5.8l8.6-6.4a1 1 0 0 0 0-1.6L6.5 4.8A1 1 0 0 0 5 5.6ZM17 5h2v14h-2z',
};

export function icon(name) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('icon', `icon-${name}`);
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.append(path);
  return svg;
}
