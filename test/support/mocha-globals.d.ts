// Minimal ambient typings for the mocha globals @web/test-runner provides (the repo has no
// @types/mocha and tsconfig sets `types: []`). Function declarations, so a second copy merges
// as overloads instead of clashing. Delete this file if @types/mocha is added.
type MochaDone = (error?: unknown) => void;
type MochaTest = (this: unknown, done: MochaDone) => void | Promise<unknown>;
declare function describe(title: string, body: (this: unknown) => void): void;
declare function it(title: string, body?: MochaTest): void;
declare function before(body: MochaTest): void;
declare function after(body: MochaTest): void;
declare function beforeEach(body: MochaTest): void;
declare function afterEach(body: MochaTest): void;
