// Footer status strip from GET /api/stats: model, activity and Kafka state at a glance.
import { api } from './api.js';
import { $, duration, fmt, h } from './dom.js';
import { emit, state } from './store.js';

const REFRESH_MS = 5000;

function item(label, value, attrs = {}) {
  return h('div', attrs, h('dt', {}, label), h('dd', {}, value));
}

function kafkaState(kafka) {
  if (!kafka) return { kind: 'unknown', text: 'unknown' };
  if (kafka.connected) return { kind: 'ok', text: 'connected' };
  if (kafka.in_cooldown) return { kind: 'down', text: `down, cooling down after ${fmt.int(kafka.retry_count)} retries` };
  if (!kafka.retry_count) return { kind: 'warn', text: 'connecting…' };
  return { kind: 'warn', text: `reconnecting (retry ${fmt.int(kafka.retry_count)})` };
}

// The speedLayer health component, also in /api/stats: the speed job's commits on the topic.
function speedState(speed) {
  if (!speed) return { kind: 'unknown', text: 'unknown' };
  const lag = speed.lag == null ? '' : `, lag ${fmt.int(speed.lag)}`;
  if (speed.status === 'UP') return { kind: 'ok', text: `${speed.reason}${lag}` };
  if (speed.status === 'WARNING') {
    const text = speed.reason === 'stalled' ? `stalled ${duration(speed.seconds_since_progress)}` : 'not started';
    return { kind: 'warn', text: `${text}${lag}` };
  }
  return { kind: 'unknown', text: 'unknown' };
}

async function refresh() {
  const stats = $('#stats');
  try {
    const s = await api.stats();
    const kafka = kafkaState(s.kafka);
    const speed = speedState(s.speed_layer);
    const items = [
      item('Tracks in model', fmt.int(s.tracks_in_model)),
      // A sample model knows the whole catalogue but has similarities for its sample only.
      s.tracks_in_catalog > s.tracks_in_model ? item('In catalogue', fmt.int(s.tracks_in_catalog)) : null,
      item(
        'Model',
        h('span', { class: 'mono', title: s.model_version || '' }, s.model_version || 'none loaded'),
        {},
      ),
      item('Model age', duration(s.model_age_seconds) || '–'),
      item('Listeners', fmt.int(s.users_seen)),
      item('Interactions', fmt.int(s.interactions_counted)),
      item('Events/s', s.events_per_second == null ? '–' : Number(s.events_per_second).toFixed(1)),
      item('Kafka', h('span', { class: `pill pill-${kafka.kind}`, dataset: { kafka: kafka.kind } }, kafka.text)),
      item(
        'Speed layer',
        h('span', { class: `pill pill-${speed.kind}`, dataset: { speed: speed.kind } }, speed.text),
      ),
    ];
    stats.replaceChildren(...items.filter(Boolean));
    if (s.model_version && s.model_version !== state.servingVersion) {
      state.servingVersion = s.model_version;
      emit('serving-version', s.model_version);
    }
  } catch (e) {
    stats.replaceChildren(
      item('Status', h('span', { class: 'pill pill-down' }, e.status ? `${e.title}` : 'server unreachable')),
    );
  }
}

export function initStats() {
  refresh();
  setInterval(() => {
    if (!document.hidden) refresh();
  }, REFRESH_MS);
}
