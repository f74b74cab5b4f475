// Shared page state plus a tiny event bus, so panels react to each other without knowing each other.

export const bus = new EventTarget();

export function emit(type, detail) {
  bus.dispatchEvent(new CustomEvent(type, { detail }));
}

export function on(type, handler) {
  bus.addEventListener(type, (e) => handler(e.detail));
}

export const state = {
  userId: '',
  /** track ids the current listener liked, from their profile */
  likedTrackIds: new Set(),
  /** version of the model the server reports in /api/stats */
  servingVersion: null,
};
