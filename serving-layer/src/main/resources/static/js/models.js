// Operator view of GET /api/models: which versions exist and which one is serving.
import { api } from './api.js';
import { $, fmt, h, problemContent, setStatus } from './dom.js';

function bytes(n) {
  if (n == null) return '–';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function sum(values) {
  return values.reduce((a, b) => a + (Number(b) || 0), 0);
}

function versionRows(entry) {
  const m = entry.manifest || {};
  const counts = m.row_counts || {};
  const files = Object.values(m.files || {});
  const timings = m.timings_ms || {};
  const created = m.created_at ? new Date(m.created_at) : null;
  const mode = m.mode === 'top_k' ? `top ${m.top_k ?? 'K'} neighbours` : m.mode || '–';
  const main = h(
    'tr',
    { class: entry.serving ? 'serving' : null, dataset: { version: entry.version } },
    h(
      'td',
      {},
      h('span', { class: 'mono' }, entry.version),
      entry.serving ? h('span', { class: 'pill pill-ok serving-pill' }, 'serving') : null,
    ),
    h('td', {}, created && !Number.isNaN(created.getTime()) ? h('time', { datetime: m.created_at }, created.toLocaleString()) : '–'),
    h('td', {}, mode),
    h('td', { class: 'num' }, fmt.int(counts.sampled)),
    h('td', { class: 'num' }, `${fmt.int(counts.raw)} → ${fmt.int(counts.clean)}`),
    h('td', { class: 'num' }, files.length ? bytes(sum(files.map((f) => f.bytes))) : '–'),
    h('td', { class: 'num' }, Object.keys(timings).length ? `${(sum(Object.values(timings)) / 1000).toFixed(1)} s` : '–'),
  );
  const details = h(
    'tr',
    { class: 'manifest-row' },
    h(
      'td',
      { colspan: 7 },
      h(
        'details',
        {},
        h('summary', {}, `Manifest of ${entry.version}`),
        h('pre', { class: 'manifest' }, JSON.stringify(m, null, 2)),
      ),
    ),
  );
  return [main, details];
}

async function load() {
  const status = $('#models-status');
  const wrap = $('#models-wrap');
  setStatus(status, 'loading', 'Loading model versions…');
  try {
    const result = await api.models();
    const versions = [...(result.versions || [])].sort((a, b) => (a.version < b.version ? 1 : -1));
    $('#models-table').tBodies[0].replaceChildren(...versions.flatMap(versionRows));
    wrap.hidden = versions.length === 0;
    if (versions.length === 0) {
      setStatus(status, 'empty', 'No model has been published yet. Run the batch layer (./pipeline batch) to build one.');
    } else {
      setStatus(
        status,
        '',
        `${versions.length} ${versions.length === 1 ? 'version' : 'versions'}; serving `,
        h('span', { class: 'mono' }, result.serving_version || 'none'),
        '.',
      );
    }
  } catch (e) {
    wrap.hidden = true;
    setStatus(status, 'error', ...problemContent(e));
  }
}

$('#models-refresh').addEventListener('click', load);
load();
