// Play / like / skip buttons for any track, posting to POST /api/interact.
import { api } from './api.js';
import { artistText, h } from './dom.js';
import { icon } from './icons.js';
import { emit, state } from './store.js';
import { toast } from './toast.js';

const VERBS = { play: 'Play', like: 'Like', skip: 'Skip' };
const PAST = { play: 'Played', like: 'Liked', skip: 'Skipped' };

function label(type, track, liked) {
  const base = `${VERBS[type]} ${track.track_name} by ${artistText(track.artists)}`;
  return type === 'like' && liked ? `${base} (already liked)` : base;
}

// One id per click, kept across retries: a send Kafka stored but did not acknowledge in time
// (503) then counts once. getRandomValues works on plain http too, where randomUUID does not.
function newEventId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'ui-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const RETRIES = 2;
const RETRY_DELAY_MS = 2000;

async function interactOnce(request) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api.interact(request);
    } catch (e) {
      if (e.status !== 503 || attempt >= RETRIES) throw e;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }
}

async function send(type, track, button) {
  // aria-disabled rather than disabled: a disabled button drops keyboard focus to <body>
  if (!state.userId || button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  button.setAttribute('aria-busy', 'true');
  try {
    const accepted = await interactOnce({
      userId: state.userId,
      trackId: track.track_id,
      type,
      eventId: newEventId(),
    });
    toast(`${PAST[type]} “${track.track_name}”. Updating your profile…`);
    emit('interaction-accepted', { type, track, eventId: accepted?.event_id });
  } catch (e) {
    toast(e.detail ? `${e.title}: ${e.detail}` : e.title, 'error');
  } finally {
    button.removeAttribute('aria-disabled');
    button.removeAttribute('aria-busy');
  }
}

/** A button group for one track; `compact` drops the visible text labels. */
export function trackActions(track, { compact = true } = {}) {
  const liked = state.likedTrackIds.has(track.track_id);
  const buttons = Object.keys(VERBS).map((type) =>
    h(
      'button',
      {
        type: 'button',
        class: `btn-icon action-${type}${type === 'like' && liked ? ' is-liked' : ''}`,
        dataset: { action: type, trackId: track.track_id },
        'aria-label': label(type, track, liked),
        title: VERBS[type],
        onclick: (e) => send(type, track, e.currentTarget),
      },
      icon(type),
      compact ? null : h('span', { class: 'btn-text' }, VERBS[type]),
    ),
  );
  const group = h('div', { class: 'actions', role: 'group', 'aria-label': `Actions for ${track.track_name}` }, buttons);
  group.dataset.trackName = track.track_name;
  group.dataset.artists = track.artists || '';
  return group;
}

/** Marks like buttons of liked tracks after the profile changes. */
export function refreshLikeButtons() {
  for (const button of document.querySelectorAll('button[data-action="like"]')) {
    const group = button.closest('.actions');
    const liked = state.likedTrackIds.has(button.dataset.trackId);
    button.classList.toggle('is-liked', liked);
    button.setAttribute(
      'aria-label',
      label('like', { track_name: group.dataset.trackName, artists: group.dataset.artists }, liked),
    );
  }
}
