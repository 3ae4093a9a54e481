export default {
  globs: ['src/elements/**/*.element.ts'],
  litelement: true,
};
