// Chromium flags shared by the browser suite (web-test-runner) and the end-to-end suite
// (puppeteer-core): from notes/toolchain.md. No traffic leaves the machine: the resolver maps
// every host but loopback to NOTFOUND, and background services are off.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-domain-reliability',
  '--no-pings',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];
