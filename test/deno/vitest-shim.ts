/**
 * Lets the core suite, written for vitest, run unchanged under `deno test`: deno.json maps the bare
 * specifier `vitest` here. Deno implements `node:test` on top of Deno.test, and Jest's standalone
 * `expect` has the matchers the core tests use. Core tests must not use `vi` (mocks): core is pure.
 */
export { after as afterAll, afterEach, before as beforeAll, beforeEach, describe, it, it as test } from 'node:test';
export { expect } from 'expect';
