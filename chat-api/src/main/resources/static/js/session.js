// The signed-in session ({accessToken, expiresAt, userId, role}) lives in sessionStorage: per tab, gone when the tab closes.

const KEY = 'chat.session';

export function loadSession() {
  let session;
  try {
    session = JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
  if (!session || typeof session.accessToken !== 'string' || typeof session.userId !== 'string') return null;
  if (session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) {
    clearSession();
    return null;
  }
  return session;
}

export function saveSession(response) {
  const session = {
    accessToken: response.accessToken,
    expiresAt: response.expiresAt,
    userId: response.userId,
    role: response.role,
  };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

export const isAdmin = (session) => session && session.role === 'ADMIN';
