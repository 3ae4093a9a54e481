/** How the page is seen when a token is requested (spec §12.2 `tab_state`). */
export const TAB_STATES = ['focused', 'visible', 'hidden'] as const;
export type TabState = (typeof TAB_STATES)[number];

/** The parts of `Document` read here; tests pass a plain object. */
export interface TabStateSource {
  readonly visibilityState: DocumentVisibilityState;
  hasFocus(): boolean;
}

/** `hidden` when the tab is not shown, else `focused` or `visible`; `undefined` outside a browser (the field is then omitted). */
export function tabState(source: TabStateSource | null = globalThis.document ?? null): TabState | undefined {
  if (!source || typeof source.hasFocus !== 'function') return undefined;
  if (source.visibilityState === 'hidden') return 'hidden';
  return source.hasFocus() ? 'focused' : 'visible';
}
