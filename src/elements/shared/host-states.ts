/** The custom states every element shows on its host, for `:host(:state(pending))` and page CSS. */
export const HOST_STATES = ['pending', 'error', 'waiting'] as const;
export type HostState = (typeof HOST_STATES)[number];

/** Turns each custom state on or off; states not named are turned off. */
export function syncHostStates(internals: ElementInternals, on: Partial<Record<HostState, boolean>>): void {
  for (const name of HOST_STATES) {
    if (on[name]) internals.states.add(name);
    else internals.states.delete(name);
  }
}
