// One polite live region for action feedback; errors stay longer and look different.
import { $ } from './dom.js';

let timer = null;

export function toast(message, kind = 'info') {
  const el = $('#toast');
  el.dataset.kind = kind;
  el.textContent = message;
  el.classList.add('is-visible');
  clearTimeout(timer);
  timer = setTimeout(() => el.classList.remove('is-visible'), kind === 'error' ? 9000 : 4000);
}
