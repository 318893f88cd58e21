// @ts-check
/**
 * Requests to the local Slack's server (src/localSlack/api.ts has every route and shape). Two kinds
 * of failure: the server answered with an error (ApiError, its words shown to the person), or it did
 * not answer at all (Offline: the bot is not running).
 */

export class ApiError extends Error {}

/** The request never got an answer: connection refused, reset, or the server is gone. */
export class Offline extends Error {}

/**
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<any>}
 */
async function request(path, init = {}) {
  /** @type {Response} */
  let response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new Offline(String(err));
  }
  /** @type {any} */
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    // Not JSON: a proxy's page, or the body was cut off.
  }
  // A refused modal submission carries its per-field errors, whatever the status: the modal shows them.
  if (!response.ok && body && typeof body.errors === 'object' && body.errors) return body;
  if (!response.ok) throw new ApiError(body?.error || `${response.status} ${response.statusText}`);
  if (body === null) throw new ApiError('The server answered something that is not JSON');
  return body;
}

/**
 * The state for one person looking at one view; with `since`, a long poll that answers once the
 * version has moved past it.
 * @param {{ as: string, view: string, since?: number | null }} query
 * @param {AbortSignal} signal
 */
export function getState(query, signal) {
  // Before the server has named a person or the page has chosen a view, they are left out.
  const params = new URLSearchParams();
  if (query.as) params.set('as', query.as);
  if (query.view) params.set('view', query.view);
  if (query.since !== undefined && query.since !== null) params.set('since', String(query.since));
  return request(`/api/state?${params}`, { signal, cache: 'no-store' });
}

/** @param {string} id */
export function getFile(id) {
  return request(`/api/files/${encodeURIComponent(id)}`);
}

/**
 * A POST with a JSON body; answers the parsed JSON. An answer with `ok: false` is not thrown: its
 * `error` (or a SubmitResult's `errors`) is the caller's to show.
 * @param {string} path
 * @param {unknown} body
 */
export function post(path, body) {
  return request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
