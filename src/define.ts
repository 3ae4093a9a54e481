// Registers every element. Import this (or load dist/cdn/signin-elements.js) to use the tags;
// it also re-exports the side-effect-free API, so a script-tag page can reach the classes.
import './signin-flow.js';
import './signin-otp.js';

export * from './index.js';
