// Client of the admin API (/api/admin/**, HTTP Basic, user admin) for the models page. The password
// is typed into the page's form and kept in this module's memory only: never stored, gone on reload.
// Requests say X-Requested-With, so a 401 comes without a Basic challenge and the browser shows no
// login dialog of its own (and caches no credentials); failures are ApiErrors with the server's
// problem+json title and detail, like the public API's.
import { ApiError } from './api.js';

let password = null;

function basic(user, secret) {
  const bytes = new TextEncoder().encode(`${user}:${secret}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

export const adminAuth = {
  set: (secret) => {
    password = secret || null;
  },
  known: () => password !== null,
  forget: () => {
    password = null;
  },
};

async function request(method, path, body) {
  if (password === null) {
    throw new ApiError({ status: 401, title: 'Admin password needed', detail: 'Enter the admin password (user admin) first.' });
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        Accept: 'application/json, application/problem+json',
        Authorization: basic('admin', password),
        'X-Requested-With': 'XMLHttpRequest',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ title: 'Cannot reach the server', detail: 'Check that the serving layer is running, then try again.' });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    // A wrong password is forgotten, so the form asks again.
    if (response.status === 401) password = null;
    const problem = data && typeof data === 'object' ? data : {};
    throw new ApiError({
      status: response.status,
      title: problem.title || `Request failed (HTTP ${response.status})`,
      detail: problem.detail || '',
      type: problem.type,
      problem,
    });
  }
  return data;
}

export const admin = {
  runs: () => request('GET', '/api/admin/retrain'),
  run: (runId) => request('GET', `/api/admin/retrain/${encodeURIComponent(runId)}`),
  retrain: () => request('POST', '/api/admin/retrain'),
  rollback: (version) => request('POST', '/api/admin/rollback', { version }),
};
