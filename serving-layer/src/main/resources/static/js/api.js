// Thin client for the serving-layer REST API. Every failure becomes an ApiError carrying the
// problem+json title/detail the server sent, so views can show the server's own words. Calls acting
// as a listener carry its bearer token when one is set (token.js).
import { listenerToken } from './token.js';

export class ApiError extends Error {
  constructor({ status = 0, title, detail = '', type = 'about:blank', problem = {} }) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.type = type;
    // The whole problem body: some carry extra members (e.g. sample_size on a 404 from recommend).
    this.problem = problem;
  }
}

async function request(method, path, { body, signal, auth = false } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      signal,
      headers: {
        Accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(auth ? listenerToken.header() : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError({ title: 'Cannot reach the server', detail: 'Check that the serving layer is running, then try again.' });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
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

const enc = encodeURIComponent;

export const api = {
  stats: (signal) => request('GET', '/api/stats', { signal }),
  searchTracks: (q, { limit = 20, offset = 0 } = {}, signal) =>
    request('GET', `/api/tracks?q=${enc(q)}&limit=${limit}&offset=${offset}`, { signal }),
  recommend: ({ trackId, userId, topN, exclude }, signal) =>
    request('POST', '/api/recommend', {
      body: {
        ...(trackId ? { track_id: trackId } : {}),
        ...(userId ? { user_id: userId } : {}),
        top_n: topN,
        ...(exclude ? { exclude } : {}),
      },
      signal,
    }),
  // eventId: the idempotency key, the same on every retry of one click (see actions.js).
  interact: ({ userId, trackId, type, eventId }) =>
    request('POST', '/api/interact', {
      body: { user_id: userId, track_id: trackId, interaction_type: type, event_id: eventId },
      auth: true,
    }),
  trending: (limit = 10, signal) => request('GET', `/api/trending?limit=${limit}`, { signal }),
  user: (userId, signal) => request('GET', `/api/user/${enc(userId)}`, { signal, auth: true }),
  models: (signal) => request('GET', '/api/models', { signal }),
};
