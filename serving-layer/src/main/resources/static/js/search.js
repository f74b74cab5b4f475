// Debounced catalog search over GET /api/tracks; choosing a result makes it the recommendation seed.
import { api } from './api.js';
import { $, artistText, h, problemContent, setStatus, fmt } from './dom.js';
import { emit, on } from './store.js';

const PAGE = 20;
const DEBOUNCE_MS = 250;

let query = '';
let loaded = 0;
let total = 0;
let controller = null;
let timer = null;
let selectedId = null;

function resultItem(track) {
  const meta = [track.album_name, track.track_genre].filter(Boolean).join(' · ');
  // Tracks outside a sample model's sample are searchable but cannot seed recommendations.
  const outside = track.recommendable === false;
  const button = h(
    'button',
    {
      type: 'button',
      class: 'track-pick',
      dataset: { trackId: track.track_id, recommendable: String(!outside) },
      'aria-current': track.track_id === selectedId ? 'true' : null,
      'aria-label':
        `${track.track_name} by ${artistText(track.artists)}. ` +
        (outside ? 'Not in the model’s sample' : 'Use as seed'),
      onclick: () => emit('seed-chosen', { trackId: track.track_id, trackName: track.track_name }),
    },
    h('span', { class: 'track-name' }, track.track_name),
    h('span', { class: 'track-artists' }, artistText(track.artists)),
    meta || outside
      ? h(
          'span',
          { class: 'track-meta' },
          meta,
          outside
            ? h(
                'span',
                { class: 'track-flag', title: 'In the catalogue, not in the model’s sample: no similar tracks for it' },
                'not in sample',
              )
            : null,
        )
      : null,
    track.popularity != null
      ? h('span', { class: 'popularity', title: `Popularity ${track.popularity}/100` }, h('span', { class: 'visually-hidden' }, 'Popularity '), String(track.popularity))
      : null,
  );
  return h('li', {}, button);
}

async function run(append) {
  const list = $('#search-results');
  const status = $('#search-status');
  const more = $('#search-more');
  controller?.abort();
  if (!query) {
    controller = null;
    list.replaceChildren();
    more.hidden = true;
    setStatus(status, '', 'Type a track or artist name to search the catalog.');
    return;
  }
  controller = new AbortController();
  const offset = append ? loaded : 0;
  list.setAttribute('aria-busy', 'true');
  setStatus(status, 'loading', append ? 'Loading more…' : `Searching for “${query}”…`);
  try {
    const page = await api.searchTracks(query, { limit: PAGE, offset }, controller.signal);
    const items = page.items || [];
    if (!append) list.replaceChildren();
    const added = items.map(resultItem);
    list.append(...added);
    // the "more" button may disappear under the keyboard user; continue where the new page starts
    if (append && added.length && document.activeElement === more) added[0].querySelector('button').focus();
    loaded = offset + items.length;
    total = page.total ?? loaded;
    more.hidden = loaded >= total;
    if (total === 0) {
      setStatus(status, 'empty', `No tracks match “${query}”. Try another spelling or an artist name.`);
    } else {
      setStatus(status, '', `${fmt.int(total)} ${total === 1 ? 'track matches' : 'tracks match'} “${query}”` + (loaded < total ? ` · showing ${fmt.int(loaded)}` : '') + '. Pick one to hear what sounds like it.');
    }
  } catch (e) {
    if (e.name === 'AbortError') return;
    if (!append) list.replaceChildren();
    more.hidden = true;
    setStatus(status, 'error', ...problemContent(e));
  } finally {
    list.removeAttribute('aria-busy');
  }
}

function moveFocus(from, delta) {
  const buttons = [...document.querySelectorAll('#search-results .track-pick')];
  const index = buttons.indexOf(from) + delta;
  if (index < 0) $('#search-input').focus();
  else if (index < buttons.length) buttons[index].focus();
}

export function initSearch() {
  const input = $('#search-input');
  $('#search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    query = input.value.trim();
    run(false);
  });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const next = input.value.trim();
      if (next === query) return;
      query = next;
      run(false);
    }, DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      const first = $('#search-results .track-pick');
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  });
  $('#search-results').addEventListener('keydown', (e) => {
    if (!e.target.matches('.track-pick')) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      moveFocus(e.target, e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Escape') {
      input.focus();
    }
  });
  $('#search-more').addEventListener('click', () => run(true));

  on('seed-changed', ({ trackId }) => {
    selectedId = trackId;
    for (const button of document.querySelectorAll('#search-results .track-pick')) {
      if (button.dataset.trackId === trackId) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
  });
}
