/**
 * Vite build of the browser playground: `npm run build:playground` writes a static page to
 * `dist/playground/` with relative asset URLs, so it can be served from any path (or a GitHub Pages
 * subfolder). Everything is bundled; the page fetches nothing after it loads.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The dev server injects CSS as `<style>` elements and reloads over a WebSocket, both of which the page's
 * policy forbids; `vite` (serve) gets a looser policy, the built page keeps the strict one.
 */
const devPolicy: Plugin = {
  name: 'firewatch-playground-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'none'", "connect-src 'self' ws: wss:"),
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // Nothing to copy verbatim; without this Vite would look for `playground/public/`.
  publicDir: false,
  logLevel: 'warn',
  plugins: [devPolicy],
  // The decoder runs in a module worker (`new Worker(url, { type: 'module' })`), a file of its own
  // under assets/, which the policy's `worker-src 'self'` allows.
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/playground', import.meta.url)),
    emptyOutDir: true,
    // The polyfill would be one more script; every browser with module scripts the page targets has modulepreload.
    modulePreload: { polyfill: false },
    // Keep every asset a file: the CSP allows scripts and styles from 'self' only.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
});
