export default {
  globs: ['src/elements/**/*.element.ts'],
  outdir: '.',
  litelement: true,
};
