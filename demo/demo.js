// The demo page's glue: plain DOM code, no framework, no inline script (runs under a strict CSP).
const flow = document.getElementById('flow');
const panel = document.getElementById('session-panel');
const log = document.getElementById('event-log');

function logEvent(text) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  log.prepend(item);
}

/** Session tokens are JWTs; the demo decodes the payload to show its claims (no verification). */
function decodeClaims(jwt) {
  const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
  return JSON.parse(json);
}

async function showSession() {
  const { controller } = flow;
  const user = controller.state.user;
  const details = document.getElementById('user-details');
  details.replaceChildren();
  const rows = {
    'User id': user?.id,
    Name: [user?.firstName, user?.lastName].filter(Boolean).join(' ') || '—',
    Email: user?.primaryEmailAddress ?? '—',
    Username: user?.username ?? '—',
    Phone: user?.primaryPhoneNumber ?? '—',
    Session: controller.state.session?.id,
  };
  for (const [term, value] of Object.entries(rows)) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value ?? '—';
    details.append(dt, dd);
  }
  const token = await controller.getToken({ skipCache: true });
  document.getElementById('claims').textContent = token ? JSON.stringify(decodeClaims(token), null, 2) : '(no token)';
  panel.hidden = false;
}

flow.addEventListener('signin-status-change', (e) => logEvent(`signin-status-change  ${e.previousStatus ?? '(new)'} → ${e.status ?? '(none)'}`));
flow.addEventListener('signin-error', (e) => logEvent(`signin-error  ${e.error.code}: ${e.error.longMessage}`));
flow.addEventListener('signin-complete', (e) => {
  logEvent(`signin-complete  session ${e.sessionId}`);
  void showSession();
});
flow.addEventListener('signin-signed-out', () => {
  logEvent('signin-signed-out');
  panel.hidden = true;
});

document.getElementById('refresh-token').addEventListener('click', () => void showSession());
document.getElementById('sign-out').addEventListener('click', () => void flow.controller.signOut());

// A returning visitor with an active session lands signed in: show it once the flow has loaded.
customElements.whenDefined('signin-flow').then(() => {
  const settled = (state) => {
    if (!state.loaded) return false;
    if (state.step === 'signed-in') void showSession();
    return true;
  };
  if (settled(flow.controller.state)) return;
  const unsubscribe = flow.controller.subscribe((state) => {
    if (settled(state)) unsubscribe();
  });
});

// Development servers list their seeded users; elsewhere the hint stays hidden.
fetch('/dev/demo-users')
  .then((response) => (response.ok ? response.json() : []))
  .then((users) => {
    const list = document.getElementById('demo-user-list');
    for (const user of users) {
      const item = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = `${user.identifier} / ${user.password}`;
      const note = document.createElement('div');
      note.textContent = user.note ?? '';
      item.append(code, note);
      if (user.totp_secret) item.append(totpLine(user.totp_secret));
      if (user.backup_codes?.length) {
        const backup = document.createElement('div');
        backup.textContent = `Backup codes: ${user.backup_codes.join(' ')}`;
        item.append(backup);
      }
      list.append(item);
    }
    if (!users.length) document.getElementById('demo-users').hidden = true;
  })
  .catch(() => {
    document.getElementById('demo-users').hidden = true;
  });

/** RFC 6238 in the page, so the demo's TOTP user can be tried without an authenticator app. */
async function totpNow(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const bytes = Uint8Array.from(bits.match(/.{8}/g), (byte) => parseInt(byte, 2));
  const counter = new DataView(new ArrayBuffer(8));
  counter.setBigUint64(0, BigInt(Math.floor(Date.now() / 30000)));
  const key = await crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, counter.buffer));
  const offset = mac[19] & 0xf;
  const value = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(value % 1e6).padStart(6, '0');
}

function totpLine(secret) {
  const line = document.createElement('div');
  const update = async () => {
    line.textContent = `Authenticator code now: ${await totpNow(secret)}`;
  };
  void update();
  setInterval(update, 5000);
  return line;
}

// The dev inbox: what the server "sent" by email and SMS, so every code flow works on one machine.
const inbox = document.getElementById('inbox');
let inboxSeen = '';
async function refreshInbox() {
  const response = await fetch('/dev/outbox').catch(() => null);
  if (!response?.ok) {
    inbox.closest('section').hidden = true;
    return;
  }
  const messages = await response.json();
  const key = messages.map((m) => m.id).join();
  if (key === inboxSeen) return;
  inboxSeen = key;
  inbox.replaceChildren(
    ...messages.slice(0, 10).map((message) => {
      const item = document.createElement('li');
      const head = document.createElement('div');
      head.className = 'inbox-head';
      head.textContent = `${new Date(message.createdAt).toLocaleTimeString()} · ${message.channel} to ${message.to}${message.subject ? ` · ${message.subject}` : ''}`;
      const body = document.createElement('pre');
      body.textContent = message.text;
      item.append(head, body);
      return item;
    }),
  );
}
void refreshInbox();
setInterval(refreshInbox, 2000);
