// The listener id: remembered in localStorage; a fresh visitor gets a generated listener-xxxx. With
// a bearer token (token.js) the id is the token's subject, the only one the server accepts then.
import { $ } from './dom.js';
import { emit, state } from './store.js';
import { listenerToken } from './token.js';

const STORAGE_KEY = 'lambdamusic.userId';
const VALID = /^[A-Za-z0-9._:@-]{1,64}$/;

function generateId() {
  const bytes = new Uint8Array(3);
  crypto.getRandomValues(bytes);
  return `listener-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function load() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && VALID.test(saved)) return saved;
  } catch {
    // storage can be disabled (private mode); fall through to a fresh id
  }
  return generateId();
}

function save(id) {
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // not fatal: the id just won't survive a reload
  }
}

function use(id) {
  if (id === state.userId) return;
  state.userId = id;
  save(id);
  emit('listener-changed', id);
}

function showToken() {
  const subject = listenerToken.subject();
  $('#token-summary').textContent = listenerToken.get() ? `Token: ${subject || 'set'}` : 'Token';
  $('#token-box').dataset.token = listenerToken.get() ? 'set' : 'none';
}

function initToken(input) {
  const field = $('#listener-token');
  listenerToken.init();
  showToken();
  $('#token-use').addEventListener('click', () => {
    if (!listenerToken.set(field.value)) {
      field.setAttribute('aria-invalid', 'true');
      return;
    }
    field.removeAttribute('aria-invalid');
    field.value = '';
    showToken();
    const subject = listenerToken.subject();
    if (subject && VALID.test(subject)) input.value = subject;
    // Same id or not, the profile is read again with the token.
    state.userId = '';
    use(input.value);
  });
  $('#token-forget').addEventListener('click', () => {
    listenerToken.set('');
    field.value = '';
    showToken();
    emit('listener-changed', state.userId);
  });
}

export function initListener() {
  const form = $('#listener-form');
  const input = $('#user-id');
  initToken(input);
  const subject = listenerToken.subject();
  state.userId = subject && VALID.test(subject) ? subject : load();
  save(state.userId);
  input.value = state.userId;

  const commit = () => {
    const value = input.value.trim();
    if (VALID.test(value)) {
      input.removeAttribute('aria-invalid');
      use(value);
    } else {
      input.setAttribute('aria-invalid', 'true');
      input.reportValidity();
    }
  };
  input.addEventListener('change', commit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    commit();
  });
  $('#new-user').addEventListener('click', () => {
    input.value = generateId();
    input.removeAttribute('aria-invalid');
    use(input.value);
    input.focus();
  });
}
