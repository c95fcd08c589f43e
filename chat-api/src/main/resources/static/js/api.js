// REST client: JSON in and out, bearer token, problem+json errors turned into ApiError.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** The endpoint is not there (yet): 405/501, or a 404 for the path itself rather than for a missing thing. */
  get missingEndpoint() {
    if (this.status === 405 || this.status === 501) return true;
    return this.status === 404 && (!this.code || /no (static )?(resource|endpoint|handler)/i.test(this.message));
  }
}

export class Api {
  constructor({ token, onUnauthorized }) {
    this.token = token;
    this.onUnauthorized = onUnauthorized;
  }

  get(path) { return this.request('GET', path); }
  post(path, body) { return this.request('POST', path, body ?? {}); }
  patch(path, body) { return this.request('PATCH', path, body ?? {}); }
  put(path, body) { return this.request('PUT', path, body ?? {}); }
  del(path) { return this.request('DELETE', path); }

  async request(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
    const token = this.token ? this.token() : null;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'NETWORK', 'The server cannot be reached.');
    }
    const text = response.status === 204 ? '' : await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (!response.ok) {
      if (response.status === 401 && token && this.onUnauthorized) this.onUnauthorized();
      const message = (data && (data.detail || data.message || data.title)) || `Request failed (HTTP ${response.status})`;
      throw new ApiError(response.status, data && data.code, message);
    }
    return data;
  }
}

export const auth = {
  login: (api, username, password) => api.post('/api/auth/login', { username, password }),
  register: (api, username, password) => api.post('/api/auth/register', { username, password }),
  /** Every earlier token of the caller stops working; the answer is the next session. */
  changePassword: (api, currentPassword, newPassword) =>
    api.put('/api/users/me/password', { currentPassword, newPassword }),
  signOutEverywhere: (api) => api.del('/api/users/me/tokens'),
};
