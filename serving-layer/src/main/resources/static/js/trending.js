// GET /api/trending, refreshed every few seconds while the page is visible.
import { trackActions } from './actions.js';
import { api } from './api.js';
import { $, artistText, fmt, h, problemContent, setStatus } from './dom.js';
import { emit } from './store.js';

const REFRESH_MS = 5000;
const LIMIT = 10;

let lastJson = null;
let inFlight = false;

function clock(epochMs) {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function item(track, rank) {
  return h(
    'li',
    { dataset: { trackId: track.track_id } },
    h('span', { class: 'rank', 'aria-hidden': 'true' }, String(rank)),
    h(
      'span',
      { class: 'mini-text' },
      h(
        'button',
        {
          type: 'button',
          class: 'link-button',
          dataset: { trackId: track.track_id },
          title: 'Use as seed',
          'aria-label': `Number ${rank}: ${track.track_name || track.track_id}. Use as seed`,
          onclick: () => emit('seed-chosen', { trackId: track.track_id, trackName: track.track_name }),
        },
        track.track_name || track.track_id,
      ),
      h('span', { class: 'track-artists' }, artistText(track.artists)),
      h(
        'span',
        { class: 'trend-figures' },
        h('span', { class: 'trend-score', title: 'Weighted score: play 1, like 3, skip −1' }, `score ${fmt.int(track.score)}`),
        h('span', {}, `${fmt.int(track.plays)} plays`),
        h('span', {}, `${fmt.int(track.likes)} likes`),
        h('span', {}, `${fmt.int(track.skips)} skips`),
      ),
    ),
    trackActions(track),
  );
}

async function refresh() {
  if (inFlight) return;
  inFlight = true;
  const status = $('#trending-status');
  try {
    const view = await api.trending(LIMIT);
    const tracks = view?.tracks || [];
    if (view?.window_start && view?.window_end) {
      $('#trending-updated').textContent = `${clock(view.window_start)}–${clock(view.window_end)}`;
      $('#trending-updated').title = 'Sliding window of listener activity';
    }
    const json = JSON.stringify(tracks);
    if (json === lastJson) return;
    lastJson = json;
    $('#trending-list').replaceChildren(...tracks.map((t, i) => item(t, i + 1)));
    if (tracks.length === 0) {
      setStatus(status, 'empty', 'Nothing trending yet. Plays and likes from every listener show up here.');
    } else {
      setStatus(status, '', 'Top tracks by plays (1), likes (3) and skips (−1) across all listeners.');
    }
  } catch (e) {
    lastJson = null;
    $('#trending-list').replaceChildren();
    setStatus(status, 'error', ...problemContent(e));
  } finally {
    inFlight = false;
  }
}

export function initTrending() {
  refresh();
  setInterval(() => {
    if (!document.hidden) refresh();
  }, REFRESH_MS);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });
}
