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

flow.addEventListener('signin-status-change', (e) => logEvent(`signin-status-change  ${e.previousStatus} → ${e.status}`));
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

// Development servers list their seeded users; elsewhere the hint stays generic.
fetch('/dev/demo-users')
  .then((response) => (response.ok ? response.json() : []))
  .then((users) => {
    const list = document.getElementById('demo-user-list');
    for (const user of users) {
      const item = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = `${user.identifier} / ${user.password}`;
      item.append(code, document.createTextNode(user.note ? ` — ${user.note}` : ''));
      list.append(item);
    }
    if (!users.length) document.getElementById('demo-users').hidden = true;
  })
  .catch(() => {
    document.getElementById('demo-users').hidden = true;
  });
