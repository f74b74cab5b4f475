// The listener's bearer token (SECURITY_MODE=jwt): from the page's field or a #token=... link, kept
// in sessionStorage (this tab only, gone when it closes) and sent as Authorization: Bearer on the
// calls that act as a listener (POST /api/interact, GET /api/user/{id}). Its subject is the
// listener id the server accepts. In open mode no token is needed and none is sent.

const STORAGE_KEY = 'lambdamusic.token';
const SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

let token = null;

function read() {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function write(value) {
  try {
    if (value) sessionStorage.setItem(STORAGE_KEY, value);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: the token lives in this page's memory only
  }
}

/** The token's claims (not verified here: the server does that), or null. */
export function claims(value = token) {
  if (!value) return null;
  try {
    const part = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')));
  } catch {
    return null;
  }
}

export const listenerToken = {
  /** Reads #token=... (then drops it from the address bar and history) or sessionStorage. */
  init() {
    const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (match) {
      const value = decodeURIComponent(match[1]);
      if (SHAPE.test(value)) write(value);
      history.replaceState(null, '', location.pathname + location.search);
    }
    const saved = read();
    token = saved && SHAPE.test(saved) ? saved : null;
    return token;
  },
  get: () => token,
  /** Returns false for something that is not a JWT. */
  set(value) {
    const v = (value || '').trim();
    if (v && !SHAPE.test(v)) return false;
    token = v || null;
    write(token);
    return true;
  },
  subject: () => claims()?.sub || null,
  header: () => (token ? { Authorization: `Bearer ${token}` } : {}),
};
