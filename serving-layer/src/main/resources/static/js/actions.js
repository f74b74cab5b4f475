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

async function send(type, track, button) {
  // aria-disabled rather than disabled: a disabled button drops keyboard focus to <body>
  if (!state.userId || button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  button.setAttribute('aria-busy', 'true');
  try {
    const accepted = await api.interact({ userId: state.userId, trackId: track.track_id, type });
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
