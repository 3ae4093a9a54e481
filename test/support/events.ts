// Records the public events an element dispatches, in order, with their typed fields.
const PUBLIC_EVENTS = ['signin-status-change', 'signin-complete', 'signin-error', 'signin-signed-out'] as const;

export interface RecordedEvent {
  type: (typeof PUBLIC_EVENTS)[number];
  event: Event;
}

export function recordEvents(target: EventTarget): { events: RecordedEvent[]; stop(): void } {
  const events: RecordedEvent[] = [];
  const listener = (event: Event) => events.push({ type: event.type as RecordedEvent['type'], event });
  for (const type of PUBLIC_EVENTS) target.addEventListener(type, listener);
  return {
    events,
    stop: () => {
      for (const type of PUBLIC_EVENTS) target.removeEventListener(type, listener);
    },
  };
}

/** Captures console.warn calls; Lit's one-time "dev mode" notice is expected in tests and ignored. */
export function captureWarnings(): { warnings: string[]; restore(): void } {
  const original = console.warn;
  const warnings: string[] = [];
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (!/Lit is in dev mode/.test(text)) warnings.push(text);
  };
  return { warnings, restore: () => void (console.warn = original) };
}
