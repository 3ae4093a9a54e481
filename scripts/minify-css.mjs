// Build-time minification of the CSS our elements carry as template literals: Lit's css`…` and
// the light-DOM sheets built with sheetFrom(`…`). Terser leaves template text alone, so without
// this every indent and comment of the stylesheets ships in the initial load.
//
// Deliberately conservative: only literals without interpolation, escapes or nested backticks;
// comments go, white space folds to one space, and the space around `{`, `}`, `;` and `,` goes.
// Never touches `:` (`a :hover` and `a:hover` are different selectors) or text inside quotes
// beyond folding runs of white space.

// `css\s*`: the TypeScript plugin hands us its emitted JavaScript, which prints `css `…`` with a space.
const CSS_LITERAL = /(\bcss\s*|\bsheetFrom\(\s*)`([^`$\\]*)`/g;

/** Minified CSS text, equivalent for the browser to `text`. */
export function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

/** `code` with every CSS literal minified; `null` when there is none. */
export function minifyCssLiterals(code) {
  let changed = false;
  const out = code.replace(CSS_LITERAL, (_, tag, css) => {
    changed = true;
    return `${tag.trim()}\`${minifyCss(css)}\``;
  });
  return changed ? out : null;
}

/** The rollup plugin, for our element sources only. Fails the build if it found nothing to do. */
export function minifyCssPlugin() {
  let minified = 0;
  return {
    name: 'signin-minify-css',
    buildStart() {
      minified = 0;
    },
    transform(code, id) {
      if (!id.includes('/src/elements/')) return null;
      const out = minifyCssLiterals(code);
      if (out === null) return null;
      minified += 1;
      return { code: out, map: null };
    },
    buildEnd(error) {
      if (!error && minified === 0) this.error('no CSS literal was minified: did the styles move or change shape?');
    },
  };
}
