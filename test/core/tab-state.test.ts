import { expect } from '@open-wc/testing';
import { tabState, type TabStateSource } from '../../src/core/tab-state.js';

describe('tabState (§12.2 tab_state)', () => {
  const page = (visibilityState: DocumentVisibilityState, focused: boolean): TabStateSource => ({ visibilityState, hasFocus: () => focused });
  const rows: [string, TabStateSource | null, string | undefined][] = [
    ['a shown, focused tab', page('visible', true), 'focused'],
    ['a shown tab without focus', page('visible', false), 'visible'],
    ['a hidden tab', page('hidden', false), 'hidden'],
    ['a hidden tab that claims focus', page('hidden', true), 'hidden'],
    ['no document (not a browser)', null, undefined],
  ];
  for (const [name, source, expected] of rows) {
    it(`should report ${String(expected)} for ${name}`, () => {
      expect(tabState(source)).to.equal(expected);
    });
  }

  it('should read the real document by default', () => {
    expect(tabState()).to.equal(tabState(document));
    expect(['focused', 'visible', 'hidden']).to.include(tabState());
  });
});
