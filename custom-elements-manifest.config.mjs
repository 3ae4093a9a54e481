export default {
  globs: ['src/elements/**/*.element.ts'],
  litelement: true,
  // The analyzer otherwise rewrites package.json's `customElements` to whatever --outdir it was
  // given (the manifest check uses a temporary one); the committed field must stay put.
  packagejson: false,
};
