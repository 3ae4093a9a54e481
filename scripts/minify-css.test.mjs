import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minifyCss, minifyCssLiterals } from './minify-css.mjs';

test('minifyCss folds white space and comments, keeps what changes meaning', () => {
  const cases = [
    ['\n  :host {\n    display: block; /* why */\n  }\n', ':host{display: block}'],
    [':where(signin-flow, signin-otp) .a > b { color: red; }', ':where(signin-flow,signin-otp) .a > b{color: red}'],
    // A descendant combinator before a pseudo-class is not the pseudo-class of the element.
    ['.card :focus-visible { outline: 2px solid; }', '.card :focus-visible{outline: 2px solid}'],
    ["@layer signin {\n  a::before { content: ''; }\n}", "@layer signin{a::before{content: ''}}"],
    ['font: 1rem  "Segoe UI",  system-ui;', 'font: 1rem "Segoe UI",system-ui;'],
    ['@media (prefers-color-scheme: dark) { :host { --x: 1px; } }', '@media (prefers-color-scheme: dark){:host{--x: 1px}}'],
  ];
  for (const [input, expected] of cases) assert.equal(minifyCss(input), expected, input);
});

test('minifyCssLiterals rewrites css`…` and sheetFrom(`…`) only, and leaves interpolated literals alone', () => {
  const source = [
    'export default css`\n  :host { display: block; }\n`;',
    'export const emitted = css `\n  a { b: c; }\n`;',
    'sheet ??= sheetFrom(`\n@layer signin { a { b: c; } }\n`);',
    'const label = `At least ${n} characters`;',
    'const dynamic = css`:host { width: ${w}px; }`;',
  ].join('\n');
  assert.equal(
    minifyCssLiterals(source),
    [
      'export default css`:host{display: block}`;',
      'export const emitted = css`a{b: c}`;',
      'sheet ??= sheetFrom(`@layer signin{a{b: c}}`);',
      'const label = `At least ${n} characters`;',
      'const dynamic = css`:host { width: ${w}px; }`;',
    ].join('\n'),
  );
  assert.equal(minifyCssLiterals('const x = `plain ${y}`;'), null);
});
