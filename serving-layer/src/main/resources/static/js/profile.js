// The listener's profile from GET /api/user/{id}, as built by the speed layer.
import { refreshLikeButtons } from './actions.js';
import { api } from './api.js';
import { $, artistText, fmt, h, problemContent, relativeTime, setStatus } from './dom.js';
import { icon } from './icons.js';
import { emit, on, state } from './store.js';
import { toast } from './toast.js';

const REFRESH_MS = 15000;
const POLL_MS = 300;
// The speed layer should publish within a second; give it generous slack before saying so.
const POLL_ATTEMPTS = 20;
const RECENT_SHOWN = 10;
const TYPE_LABEL = { play: 'Played', like: 'Liked', skip: 'Skipped' };
const COUNT_LABEL = { play: 'Plays', like: 'Likes', skip: 'Skips' };

let lastJson = null;

function seedButton(track) {
  return h(
    'button',
    {
      type: 'button',
      class: 'link-button',
      dataset: { trackId: track.track_id },
      title: 'Use as seed',
      'aria-label': `${track.track_name || track.track_id}. Use as seed`,
      onclick: () => emit('seed-chosen', { trackId: track.track_id, trackName: track.track_name }),
    },
    track.track_name || track.track_id,
  );
}

function emptyNote(text) {
  return h('li', { class: 'empty-note' }, text);
}

function sameSet(a, b) {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function render(profile) {
  const json = JSON.stringify(profile);
  const liked = new Set((profile?.liked_tracks || []).map((t) => t.track_id));
  const likesChanged = !sameSet(liked, state.likedTrackIds);
  state.likedTrackIds = liked;
  refreshLikeButtons();
  // Likes decide the artist boost, wherever they came from (this page, another tab, a late view).
  if (likesChanged) emit('likes-changed', liked);
  if (json === lastJson) return;
  lastJson = json;

  const body = $('#profile-body');
  const status = $('#profile-status');
  if (!profile) {
    body.hidden = true;
    setStatus(status, 'empty', h('strong', {}, 'No activity yet.'), ` Play, like or skip a track and it shows up here as ${state.userId}.`);
    return;
  }
  const counts = profile.counts || {};
  $('#profile-counts').replaceChildren(
    ...['play', 'like', 'skip'].map((type) =>
      h('div', { class: `count count-${type}` }, h('dt', {}, COUNT_LABEL[type]), h('dd', { dataset: { count: type } }, fmt.int(counts[type] ?? 0))),
    ),
  );
  const artists = profile.liked_artists || [];
  $('#liked-artists').replaceChildren(
    ...(artists.length ? artists.map((a) => h('li', { class: 'tag' }, a)) : [emptyNote('Like a track and its artists get a ×1.2 boost.')]),
  );
  const likedTracks = profile.liked_tracks || [];
  $('#liked-tracks').replaceChildren(
    ...(likedTracks.length
      ? likedTracks.map((t) =>
          h('li', { dataset: { likedTrackId: t.track_id } }, icon('like'), h('span', { class: 'mini-text' }, seedButton(t), h('span', { class: 'track-artists' }, artistText(t.artists)))),
        )
      : [emptyNote('No liked tracks yet.')]),
  );
  const recent = (profile.recent || []).slice(0, RECENT_SHOWN);
  $('#recent').replaceChildren(
    ...(recent.length
      ? recent.map((e) =>
          h(
            'li',
            { dataset: { eventId: e.event_id, type: e.interaction_type } },
            h('span', { class: `type-dot type-${e.interaction_type}`, title: TYPE_LABEL[e.interaction_type] }, icon(e.interaction_type)),
            h(
              'span',
              { class: 'mini-text' },
              h('span', { class: 'visually-hidden' }, `${TYPE_LABEL[e.interaction_type] || e.interaction_type} `),
              seedButton(e),
              h('span', { class: 'track-artists' }, artistText(e.artists)),
            ),
            h('time', { datetime: new Date(e.timestamp).toISOString(), title: new Date(e.timestamp).toLocaleString() }, relativeTime(e.timestamp)),
          ),
        )
      : [emptyNote('Nothing played yet.')]),
  );
  const sources = profile.sources;
  $('#profile-sources').replaceChildren(
    ...(sources
      ? [
          `${fmt.int(sources.batch_events)} from model ${sources.model_version}, ` +
            `${fmt.int(sources.speed_events)} since (live).`,
          sources.complete ? '' : ' Some recent events are missing until the next retrain.',
        ]
      : []),
  );
  $('#profile-sources').dataset.complete = sources ? String(sources.complete) : '';
  const total = (counts.play ?? 0) + (counts.like ?? 0) + (counts.skip ?? 0);
  setStatus(status, '', `${profile.user_id}: ${fmt.int(total)} ${total === 1 ? 'interaction' : 'interactions'}.`);
  body.hidden = false;
}

/** Fetches the profile; resolves to the profile, or null when the listener has no activity yet. */
async function fetchProfile(userId) {
  try {
    return await api.user(userId);
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}

async function load({ quiet = false } = {}) {
  const userId = state.userId;
  const status = $('#profile-status');
  if (!quiet) setStatus(status, 'loading', 'Loading your profile…');
  try {
    const profile = await fetchProfile(userId);
    if (userId === state.userId) render(profile);
  } catch (e) {
    if (userId !== state.userId) return;
    lastJson = null;
    $('#profile-body').hidden = true;
    setStatus(status, 'error', ...problemContent(e));
  }
}

/** After a 202, poll until the speed layer's view includes that event (render() then tells the page). */
async function awaitEvent({ eventId }) {
  const userId = state.userId;
  for (let attempt = 0; attempt < POLL_ATTEMPTS && userId === state.userId; attempt++) {
    try {
      const profile = await fetchProfile(userId);
      const seen = profile?.recent?.some((e) => e.event_id === eventId);
      if (seen || attempt === POLL_ATTEMPTS - 1) {
        if (userId === state.userId) render(profile);
        if (!seen) toast('Recorded. Your profile will catch up in a moment.');
        return;
      }
    } catch (e) {
      setStatus($('#profile-status'), 'error', ...problemContent(e));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function initProfile() {
  on('listener-changed', () => {
    lastJson = null;
    state.likedTrackIds = new Set();
    load();
  });
  on('interaction-accepted', awaitEvent);
  $('#profile-refresh').addEventListener('click', () => load());
  setInterval(() => {
    if (!document.hidden) load({ quiet: true });
  }, REFRESH_MS);
  load();
}
