import { warn } from './dev.js';

/**
 * Registers a custom element once. Defining the same constructor again does nothing; a different
 * constructor under a taken tag means two copies of the bundle are loaded, which gets one warning
 * instead of the DOMException `customElements.define` would throw.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  const registry = globalThis.customElements;
  if (!registry) return;
  const existing = registry.get(tag);
  if (existing === ctor) return;
  if (existing) {
    warn('duplicate-definition', `<${tag}> is already defined by another copy of signin-elements; keeping the first one.`);
    return;
  }
  registry.define(tag, ctor);
}
