// Operator view of GET /api/models: which versions exist and which one is serving, each with its
// collaborative-filtering factors and the quality the batch job measured before publishing it
// (manifest "factors" and "evaluation"); with the admin password, the retrain runs (a run the
// quality gate rejected shows both NDCG@10 figures), "Retrain now" and a rollback per version
// (admin.js, HTTP Basic).
import { admin, adminAuth } from './admin.js';
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

// The evaluation's rankers in the order the issue names them; any other the batch adds follows.
const RANKER_ORDER = ['blend', 'cf', 'content', 'popularity', 'cooccurrence'];
const RANKER_LABEL = {
  blend: 'blend (served “for you”)',
  cf: 'collaborative filtering alone',
  content: 'content alone',
  popularity: 'popularity',
  cooccurrence: 'item co-occurrence',
};
const METRICS = [
  { key: 'hr_at_10', label: 'HR@10', title: 'share of listeners with a held-out item in their top 10', best: true },
  { key: 'ndcg_at_10', label: 'NDCG@10', title: 'normalised discounted cumulative gain of the top 10', best: true },
  { key: 'recall_at_50', label: 'Recall@50', title: 'share of held-out items found in the top 50', best: true },
  { key: 'coverage', label: 'Coverage', title: 'distinct tracks over all top-10 lists, over the recommendable tracks', percent: true },
  { key: 'mean_popularity', label: 'Mean pop.', title: 'mean Spotify popularity (0-100) of the recommended top 10', digits: 1 },
];

function metricText(metric, value) {
  if (value == null) return '–';
  return metric.percent ? `${(Number(value) * 100).toFixed(2)}%` : fmt.dec(value, metric.digits ?? 3);
}

function blendNdcg(m) {
  const blend = m.evaluation?.rankers?.blend;
  return blend ? fmt.dec(blend.ndcg_at_10) : '–';
}

function factorsSummary(f) {
  if (!f) return '–';
  return `rank ${f.rank} · ${fmt.int(f.listeners)} listeners × ${fmt.int(f.tracks)} tracks`;
}

function evaluationTable(evaluation) {
  const rankers = evaluation.rankers || {};
  const names = [
    ...RANKER_ORDER.filter((r) => r in rankers),
    ...Object.keys(rankers).filter((r) => !RANKER_ORDER.includes(r)),
  ];
  const best = {};
  for (const metric of METRICS.filter((m) => m.best)) {
    best[metric.key] = Math.max(...names.map((r) => Number(rankers[r][metric.key]) || 0));
  }
  return h(
    'table',
    { class: 'recs evaluation' },
    h('caption', { class: 'visually-hidden' }, 'Quality of each ranker on held-out listening'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Ranker'),
        METRICS.map((m) => h('th', { scope: 'col', class: 'num' }, h('abbr', { title: m.title }, m.label))),
      ),
    ),
    h(
      'tbody',
      {},
      names.map((name) =>
        h(
          'tr',
          { class: name === 'blend' ? 'served-ranker' : null, dataset: { ranker: name } },
          h('th', { scope: 'row' }, RANKER_LABEL[name] || name),
          METRICS.map((m) => {
            const value = rankers[name][m.key];
            const top = m.best && value != null && Number(value) === best[m.key] && best[m.key] > 0;
            return h('td', { class: top ? 'num best' : 'num', dataset: { metric: m.key } }, metricText(m, value));
          }),
        ),
      ),
    ),
  );
}

function qualityPanel(m) {
  const f = m.factors;
  const e = m.evaluation;
  if (!f && !e) {
    return h('p', { class: 'muted quality-none' }, 'No collaborative-filtering factors and no evaluation: this version was built without archived interactions, so “for you” ranks by content and popularity.');
  }
  return h(
    'div',
    { class: 'quality' },
    f
      ? h(
          'p',
          { class: 'factors-info' },
          h('strong', {}, 'Collaborative filtering: '),
          `Spark MLlib ALS (implicit), rank ${f.rank}, λ ${f.reg_param}, α ${f.alpha}, ${f.iterations} iterations, seed ${f.seed}; ` +
            `${fmt.int(f.listeners)} listeners and ${fmt.int(f.tracks)} tracks with factors from ${fmt.int(f.ratings)} ratings` +
            (f.train_ms != null ? `, trained in ${(f.train_ms / 1000).toFixed(1)} s.` : '.'),
        )
      : h('p', { class: 'factors-info muted' }, 'No collaborative-filtering factors.'),
    e
      ? [
          h(
            'p',
            { class: 'evaluation-info' },
            h('strong', {}, 'Evaluation: '),
            `${fmt.int(e.listeners)} listeners, ${fmt.int(e.held_out)} held-out items; ${e.protocol || ''}` +
              (e.eval_ms != null ? ` (${(e.eval_ms / 1000).toFixed(1)} s)` : ''),
          ),
          h('div', { class: 'table-wrap' }, evaluationTable(e)),
        ]
      : h('p', { class: 'evaluation-info muted' }, 'Not evaluated (no interactions to hold out).'),
  );
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
    h('td', { class: 'factors-cell' }, factorsSummary(m.factors)),
    h('td', { class: 'num ndcg-cell' }, blendNdcg(m)),
    h(
      'td',
      {},
      entry.serving
        ? null
        : h(
            'button',
            {
              type: 'button',
              class: 'btn btn-ghost btn-small',
              title: `Point models/LATEST at ${entry.version} and serve it`,
              onclick: () => rollBack(entry.version),
            },
            'Roll back',
          ),
    ),
  );
  const quality = h(
    'tr',
    { class: 'quality-row', dataset: { version: entry.version } },
    h(
      'td',
      { colspan: 10 },
      h(
        'details',
        { open: entry.serving },
        h('summary', {}, `Factors and evaluation of ${entry.version}`),
        qualityPanel(m),
      ),
    ),
  );
  const details = h(
    'tr',
    { class: 'manifest-row' },
    h(
      'td',
      { colspan: 10 },
      h(
        'details',
        {},
        h('summary', {}, `Manifest of ${entry.version}`),
        h('pre', { class: 'manifest' }, JSON.stringify(m, null, 2)),
      ),
    ),
  );
  return [main, quality, details];
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

// ---- admin: rollback and retraining ----

function needPassword(status) {
  setStatus(status, 'notice', h('strong', {}, 'Admin password needed.'), ' Enter it in the Retraining section below (user admin).');
  $('#admin-password').focus();
}

async function rollBack(version) {
  const status = $('#rollback-status');
  if (!adminAuth.known()) {
    needPassword(status);
    return;
  }
  if (!window.confirm(`Point models/LATEST at ${version} and serve it?`)) return;
  setStatus(status, 'loading', `Verifying ${version} and rolling back…`);
  try {
    const result = await admin.rollback(version);
    setStatus(
      status,
      'notice',
      h('strong', {}, 'Rolled back.'),
      ' Serving ',
      h('span', { class: 'mono' }, result.serving_version || version),
      result.previous ? ` (LATEST was ${result.previous}).` : '.',
    );
    load();
  } catch (e) {
    setStatus(status, 'error', ...problemContent(e));
    showLock();
  }
}

const STATE_PILL = { queued: 'pill-unknown', running: 'pill-warn', succeeded: 'pill-ok', failed: 'pill-down', rejected: 'pill-warn' };

// The quality gate's judgement of a run's version: its blend NDCG@10 against the served one's.
function gateText(gate) {
  if (!gate) return '–';
  const served = gate.served_ndcg_at_10 == null ? 'none served' : `served ${fmt.dec(gate.served_ndcg_at_10)}`;
  return `${fmt.dec(gate.candidate_ndcg_at_10)} vs ${served} (margin ${fmt.dec(gate.margin)})`;
}

function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : h('time', { datetime: iso }, d.toLocaleString());
}

function runRow(run) {
  return h(
    'tr',
    { dataset: { run: run.run_id, state: run.state } },
    h('td', {}, h('span', { class: 'mono' }, run.run_id)),
    h('td', {}, h('span', { class: `pill ${STATE_PILL[run.state] || 'pill-unknown'}` }, run.state)),
    h('td', {}, run.trigger),
    h('td', {}, when(run.started_at || run.requested_at)),
    h('td', {}, when(run.finished_at)),
    h(
      'td',
      {},
      run.version ? h('span', { class: 'mono' }, run.version) : '–',
      run.state === 'rejected' ? h('span', { class: 'muted not-promoted' }, ' written, not promoted') : null,
    ),
    h('td', { class: 'num gate' }, gateText(run.gate)),
    h('td', { class: 'error' }, run.error || ''),
  );
}

let pollTimer = null;

async function loadRuns() {
  const status = $('#runs-status');
  const wrap = $('#runs-wrap');
  clearTimeout(pollTimer);
  showLock();
  if (!adminAuth.known()) {
    wrap.hidden = true;
    return;
  }
  try {
    const { runs = [] } = await admin.runs();
    $('#runs-table').tBodies[0].replaceChildren(...runs.map(runRow));
    wrap.hidden = runs.length === 0;
    const active = runs.find((r) => r.state === 'queued' || r.state === 'running');
    if (runs.length === 0) {
      setStatus(status, 'empty', 'No retrain run on this instance yet.');
    } else if (active) {
      setStatus(status, 'loading', 'Run ', h('span', { class: 'mono' }, active.run_id), ` is ${active.state}…`);
    } else {
      setStatus(status, '', `${runs.length} recent ${runs.length === 1 ? 'run' : 'runs'}.`);
    }
    $('#retrain-now').disabled = Boolean(active);
    if (active) {
      // Follow the run; when it ends, the versions table shows the new one.
      pollTimer = setTimeout(async () => {
        await loadRuns();
        if (!$('#runs-table tr[data-state="running"], #runs-table tr[data-state="queued"]')) load();
      }, 2000);
    }
  } catch (e) {
    wrap.hidden = true;
    setStatus(status, 'error', ...problemContent(e));
    showLock();
  }
}

async function retrainNow() {
  const status = $('#runs-status');
  if (!adminAuth.known()) {
    needPassword(status);
    return;
  }
  try {
    const run = await admin.retrain();
    setStatus(status, 'loading', 'Run ', h('span', { class: 'mono' }, run.run_id), ' queued…');
  } catch (e) {
    setStatus(status, 'error', ...problemContent(e));
  }
  loadRuns();
}

function showLock() {
  $('#admin-form').hidden = adminAuth.known();
  $('#admin-lock').hidden = !adminAuth.known();
}

$('#admin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('#admin-password');
  adminAuth.set(input.value);
  input.value = '';
  loadRuns();
});
$('#admin-lock').addEventListener('click', () => {
  adminAuth.forget();
  clearTimeout(pollTimer);
  $('#runs-wrap').hidden = true;
  setStatus($('#runs-status'), 'empty', 'Password forgotten. Enter it again to use the admin API.');
  showLock();
});
$('#retrain-now').addEventListener('click', retrainNow);
$('#runs-refresh').addEventListener('click', loadRuns);
$('#models-refresh').addEventListener('click', load);
showLock();
load();
