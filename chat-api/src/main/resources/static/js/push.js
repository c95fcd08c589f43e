// Web Push: a header toggle that asks for permission, registers the service worker (/sw.js), subscribes with the
// server's VAPID key and posts the subscription; and a "show text" choice (previews) sent along with it.
import { h, show } from './dom.js';

const PREVIEWS_KEY = 'chat.push.previews';

function supported() {
  return window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

function decodeKey(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

function sameKey(buffer, base64url) {
  if (!buffer) return false;
  const a = new Uint8Array(buffer);
  const b = decodeKey(base64url);
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export class PushToggle {
  constructor({ api, button, previews, toast, onOpenRoom }) {
    this.api = api;
    this.button = button;
    this.previews = previews;
    this.toast = toast;
    this.onOpenRoom = onOpenRoom;
    this.registration = null;
  }

  async start() {
    if (!supported()) return; // the toggle stays hidden: this browser (or an http:// page) cannot do Web Push
    try {
      this.registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    } catch {
      return;
    }
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'push-open-room' && this.onOpenRoom) this.onOpenRoom(event.data.roomId);
    });
    this.previews.checked = localStorage.getItem(PREVIEWS_KEY) !== 'false';
    show(this.button, true);
    this.button.addEventListener('click', () => (this.enabled ? this.disable() : this.enable()));
    this.previews.addEventListener('change', () => {
      localStorage.setItem(PREVIEWS_KEY, String(this.previews.checked));
      if (this.enabled) this.enable();
    });
    const subscription = await this.registration.pushManager.getSubscription();
    // A subscription left by an earlier sign-in is posted again: it now belongs to whoever is signed in.
    if (subscription && Notification.permission === 'granted') await this.post(subscription);
    else this.render(false);
  }

  async enable() {
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        this.toast?.show?.('Notifications are blocked for this site in the browser settings.');
        this.render(false);
        return;
      }
      const { publicKey } = await this.api.get('/api/push/vapid-public-key');
      let subscription = await this.registration.pushManager.getSubscription();
      if (subscription && !sameKey(subscription.options.applicationServerKey, publicKey)) {
        await subscription.unsubscribe();
        subscription = null;
      }
      if (!subscription) {
        subscription = await this.registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: decodeKey(publicKey),
        });
      }
      await this.post(subscription);
    } catch (error) {
      this.toast?.show?.(`Notifications could not be turned on: ${error.message || error}`);
      this.render(false);
    }
  }

  async disable() {
    const subscription = await this.registration.pushManager.getSubscription();
    if (subscription) {
      try {
        await this.api.del(`/api/push/subscriptions?endpoint=${encodeURIComponent(subscription.endpoint)}`);
      } catch {
        // gone already, or not ours: unsubscribing below stops it either way
      }
      await subscription.unsubscribe();
    }
    this.render(false);
  }

  /** On sign-out: this browser stops receiving the user's pushes (the push service then answers 410). */
  forget() {
    this.registration?.pushManager.getSubscription().then((subscription) => subscription?.unsubscribe()).catch(() => {});
  }

  async post(subscription) {
    await this.api.post('/api/push/subscriptions', { ...subscription.toJSON(), previews: this.previews.checked });
    this.render(true);
  }

  render(enabled) {
    this.enabled = enabled;
    this.button.setAttribute('aria-pressed', String(enabled));
    // The long label on wide screens, the short one on phones (css/app.css), where the top bar has little room.
    this.button.replaceChildren(
      h('span', { class: 'push-label-long', text: enabled ? 'Notifications on' : 'Notify me' }),
      h('span', { class: 'push-label-short', text: enabled ? 'Push on' : 'Push' }),
    );
    this.button.title = enabled ? 'Turn notifications off on this device' : 'Get notifications on this device';
    show(this.previews.parentElement, enabled);
  }
}
