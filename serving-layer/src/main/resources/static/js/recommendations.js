// POST /api/recommend for the chosen seed track, rendered as a table with the artist boost visible.
import { trackActions } from './actions.js';
import { api } from './api.js';
import { $, artistText, fmt, h, problemContent, setStatus } from './dom.js';
import { emit, on, state } from './store.js';

let seedId = null;
let forYou = false;
let seedName = null;
let shownVersion = null;
let controller = null;

function seedFromHash() {
  const match = /(?:^#|&)seed=([^&]+)/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

function pickButton(track, text) {
  return h(
    'button',
    {
      type: 'button',
      class: 'link-button',
      dataset: { trackId: track.track_id },
      title: 'Use as seed',
      'aria-label': `${track.track_name}. Use as seed`,
      onclick: () => emit('seed-chosen', { trackId: track.track_id, trackName: track.track_name }),
    },
    text,
  );
}

function renderSeed(seed, version) {
  const meta = [seed.album_name, seed.track_genre, seed.popularity != null ? `popularity ${seed.popularity}` : null]
    .filter(Boolean)
    .join(' · ');
  $('#seed').replaceChildren(
    h(
      'div',
      { class: 'seed-text' },
      h('span', { class: 'eyebrow' }, 'Seed track'),
      h('strong', { class: 'seed-name' }, seed.track_name),
      h('span', { class: 'track-artists' }, artistText(seed.artists)),
      meta ? h('span', { class: 'track-meta' }, meta) : null,
    ),
    trackActions(seed, { compact: false }),
  );
  $('#seed').dataset.trackId = seed.track_id;
  $('#seed').dataset.modelVersion = version || '';
  $('#seed').hidden = false;
}

// What put a track in the list (the answer's "signal"), when no liked artist boosted it.
const SIGNAL_WHY = {
  cf: 'listeners who play what you play play this',
  content: 'sounds like the tracks you liked',
  popularity: 'popular with listeners',
  trending: 'trending',
};

function row(rec, rank) {
  const boosted = rec.boost > 1;
  const why = boosted && rec.boosted_by ? `because you liked ${rec.boosted_by}` : SIGNAL_WHY[rec.signal || rec.source] || null;
  const similarity = Math.max(0, Math.min(1, rec.similarity));
  return h(
    'tr',
    {
      class: boosted ? 'boosted' : null,
      dataset: {
        trackId: rec.track_id,
        similarity: rec.similarity,
        boost: rec.boost,
        score: rec.score,
        boostedBy: rec.boosted_by || '',
      },
    },
    h('td', { class: 'num rank' }, String(rank)),
    h(
      'td',
      { class: 'track-cell' },
      pickButton(rec, rec.track_name),
      h('span', { class: 'track-artists' }, artistText(rec.artists)),
      why ? h('span', { class: 'track-meta why' }, why) : null,
    ),
    h(
      'td',
      { class: 'col-sim' },
      h('span', { class: 'sim-value' }, fmt.dec(rec.similarity)),
      h('span', { class: 'meter', 'aria-hidden': 'true' }, h('span', { style: { '--fill': `${(similarity * 100).toFixed(1)}%` } })),
    ),
    h(
      'td',
      { class: 'num' },
      boosted
        ? h('span', { class: 'boost-badge', title: `You liked ${rec.boosted_by || 'one of these artists'}` }, `×${fmt.dec(rec.boost, 1)}`)
        : h('span', { class: 'boost-none' }, `×${fmt.dec(rec.boost, 1)}`),
    ),
    h('td', { class: 'num score' }, fmt.dec(rec.score)),
    h('td', { class: 'actions-cell' }, trackActions(rec)),
  );
}

/** Where focus was, so a re-render (after a like) can put it back on the same control. */
function focusKey() {
  const el = document.activeElement;
  if (!el || !$('#recs-card').contains(el) || !el.dataset.trackId) return null;
  return { action: el.dataset.action, trackId: el.dataset.trackId };
}

function restoreFocus(key) {
  if (!key) return;
  const selector = key.action
    ? `button[data-action="${key.action}"][data-track-id="${CSS.escape(key.trackId)}"]`
    : `button.link-button[data-track-id="${CSS.escape(key.trackId)}"]`;
  $(`#recs-card ${selector}`)?.focus();
}

function renderMode(result) {
  const text =
    result.mode === 'for_you'
      ? 'Picked from what you and listeners like you play, and what you liked'
      : 'Trending now: like a few tracks to get picks for you';
  $('#seed').replaceChildren(
    h('div', { class: 'seed-text' }, h('span', { class: 'eyebrow' }, 'For you'), h('strong', { class: 'seed-name' }, text)),
  );
  $('#seed').dataset.trackId = '';
  $('#seed').dataset.mode = result.mode;
  $('#seed').dataset.modelVersion = result.model_version || '';
  $('#seed').hidden = false;
}

async function run() {
  if (!seedId && !forYou) return;
  const status = $('#recs-status');
  const wrap = $('#recs-wrap');
  const table = $('#recs-table');
  controller?.abort();
  controller = new AbortController();
  table.setAttribute('aria-busy', 'true');
  wrap.classList.add('is-loading');
  setStatus(status, 'loading', 'Finding tracks that sound alike…');
  try {
    const result = await api.recommend(
      {
        trackId: forYou ? null : seedId,
        userId: state.userId,
        topN: Number($('#top-n').value),
        exclude: $('#exclude').value,
      },
      controller.signal,
    );
    const focus = focusKey();
    const recs = result.recommendations || [];
    shownVersion = result.model_version;
    if (result.seed) {
      renderSeed(result.seed, result.model_version);
      $('#seed').dataset.mode = result.mode;
    } else {
      renderMode(result);
    }
    table.tBodies[0].replaceChildren(...recs.map((rec, i) => row(rec, i + 1)));
    wrap.hidden = recs.length === 0;
    const boosted = recs.filter((r) => r.boost > 1).length;
    $('#recs-legend').hidden = boosted === 0;
    if (recs.length === 0) {
      setStatus(status, 'empty', forYou ? 'Nothing to recommend yet: play or like a few tracks.' : 'The model has no similar tracks for this seed.');
    } else {
      setStatus(
        status,
        '',
        (result.seed ? `${recs.length} tracks that sound like “${result.seed.track_name}”` : `${recs.length} tracks for you`) +
          (boosted ? `, ${boosted} boosted by your likes` : '') +
          '. ',
        h('span', { class: 'muted' }, `Model ${result.model_version}`),
      );
    }
    restoreFocus(focus);
    emit('seed-changed', { trackId: seedId });
  } catch (e) {
    if (e.name === 'AbortError') return;
    wrap.hidden = true;
    $('#recs-legend').hidden = true;
    if (e.status === 404 || e.status === 400) $('#seed').hidden = true;
    if (e.status === 404 && e.problem?.sample_size != null) {
      // A real catalogue track, just not among the tracks the served sample model has
      // similarities for: not an error of the listener's, so explain instead of alarming.
      setStatus(status, 'notice', ...notInSample(e.problem));
    } else {
      setStatus(status, 'error', ...problemContent(e));
    }
  } finally {
    table.removeAttribute('aria-busy');
    wrap.classList.remove('is-loading');
  }
}

function notInSample(problem) {
  const name = seedName ? `“${seedName}”` : 'This track';
  return [
    h('strong', {}, 'Not in this model’s sample. '),
    `${name} is in the catalogue, but model ${problem.model_version} was built from a sample of ` +
      `${fmt.int(problem.sample_size)} tracks and has no similar tracks for it. ` +
      'Pick another track: search results mark the ones outside the sample.',
  ];
}

function choose(trackId, trackName) {
  seedId = trackId;
  forYou = false;
  seedName = trackName || null;
  const hash = `#seed=${encodeURIComponent(trackId)}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
  run();
}

export function initRecommendations() {
  on('seed-chosen', ({ trackId, trackName }) => {
    choose(trackId, trackName);
    if (window.matchMedia('(max-width: 900px)').matches) {
      $('#recs-card').scrollIntoView({ behavior: 'smooth', block: 'start' });
    }
  });
  on('listener-changed', run);
  on('likes-changed', run);
  on('serving-version', (version) => {
    if (shownVersion && version && version !== shownVersion) run();
  });
  $('#top-n').addEventListener('change', run);
  $('#exclude').addEventListener('change', run);
  $('#for-you').addEventListener('click', () => {
    forYou = true;
    run();
  });
  // A shared or bookmarked link (#seed=<track_id>) opens straight on its recommendations.
  const fromHash = seedFromHash();
  if (fromHash) choose(fromHash);
  window.addEventListener('hashchange', () => {
    const next = seedFromHash();
    if (next && next !== seedId) choose(next);
  });
}
