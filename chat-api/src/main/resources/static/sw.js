// The service worker of Web Push: shows a pushed notification, and opens (or focuses) the chat when it is clicked.
// It lives at the site's root so that its scope is the whole app. The payload is the server's push payload
// (docs/protocol.md, "Web Push"): with previews off it has no sender and no text, and neither does what is shown.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** Title and body for a push payload; never more than the payload says. */
function describe(data) {
  const from = typeof data.from === 'string' && data.from ? data.from : null;
  const excerpt = typeof data.excerpt === 'string' && data.excerpt ? data.excerpt : null;
  switch (data.kind) {
    case 'DIRECT_MESSAGE':
      return { title: from ? `Message from ${from}` : 'New direct message', body: excerpt || '' };
    case 'MENTION':
      return { title: from ? `${from} mentioned you` : 'You were mentioned', body: excerpt || '' };
    case 'ROOM_ADDED':
      return { title: 'You were added to a room', body: '' };
    default:
      return { title: 'New notification', body: '' };
  }
}
self.describePush = describe; // for tests

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const { title, body } = describe(data || {});
  const roomId = typeof data.roomId === 'number' ? data.roomId : null;
  event.waitUntil(self.registration.showNotification(title, {
    body,
    tag: roomId !== null ? `room-${roomId}` : `notification-${data.id ?? ''}`,
    data: { roomId, kind: data.kind ?? null, id: data.id ?? null },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const roomId = event.notification.data && event.notification.data.roomId;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const app = windows.find((client) => new URL(client.url).origin === self.location.origin);
    if (app) {
      await app.focus();
      if (roomId !== null && roomId !== undefined) app.postMessage({ type: 'push-open-room', roomId });
      return;
    }
    await self.clients.openWindow(roomId !== null && roomId !== undefined ? `/#room=${roomId}` : '/');
  })());
});
