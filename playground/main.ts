/**
 * The playground page: paste or drop an input, see what firewatch makes of it. Decoding is core's
 * `decodeInput`, the same function as `firewatch decode`, running in the page: nothing is sent anywhere
 * (the Content Security Policy forbids it with `connect-src 'none'`).
 *
 * @module
 */
import { decodeInput } from '../core/inspect/decode-input.ts';
import { buildSampleEvent } from '../core/samples/events.ts';
import { renderDecoded, renderProblem } from './render.ts';
import './style.css';

const input = element('input', HTMLTextAreaElement);
const output = element('output', HTMLElement);
const file = element('file', HTMLInputElement);
const dropZone = element('input-area', HTMLElement);

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`firewatch playground: #${id} is missing from index.html`);
  return found;
}

/** Decodes text or bytes and shows the result; whatever happens, the page says something. */
function show(source: string | Uint8Array, label?: string): void {
  try {
    const decoded = decodeInput(source);
    const view = renderDecoded(decoded);
    if (label !== undefined) view.prepend(renderSource(label));
    output.replaceChildren(view);
  } catch (cause) {
    // decodeInput never throws; this catches a bug in rendering, so the page is never left blank.
    output.replaceChildren(renderProblem(`Something went wrong while showing the result: ${cause instanceof Error ? cause.message : String(cause)}`));
  }
}

function renderSource(label: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'source';
  p.textContent = label;
  return p;
}

/** Files are read as bytes, so a gzip file (one record or an S3 object of many) is decoded as gzip. */
async function showFile(chosen: File): Promise<void> {
  try {
    const bytes = new Uint8Array(await chosen.arrayBuffer());
    show(bytes, `File ${chosen.name} (${bytes.length.toLocaleString('en-US')} bytes)`);
  } catch (cause) {
    output.replaceChildren(renderProblem(`Could not read ${chosen.name}: ${cause instanceof Error ? cause.message : String(cause)}`));
  }
}

element('decode', HTMLButtonElement).addEventListener('click', () => show(input.value));

element('sample', HTMLButtonElement).addEventListener('click', () => {
  input.value = JSON.stringify(buildSampleEvent(), null, 2);
  show(input.value);
});

// The pasted text is in the textarea only after the paste event has run.
input.addEventListener('paste', () => setTimeout(() => show(input.value), 0));

file.addEventListener('change', () => {
  const chosen = file.files?.[0];
  // Cleared, so choosing the same file again (after editing it) decodes it again.
  file.value = '';
  if (chosen) void showFile(chosen);
});

dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  dropZone.classList.add('dragging');
});
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('dragging');
  const dropped = event.dataTransfer?.files[0];
  if (dropped) void showFile(dropped);
  else {
    const text = event.dataTransfer?.getData('text/plain');
    if (text) {
      input.value = text;
      show(text);
    }
  }
});
// A file dropped beside the drop zone must not make the browser navigate away to it.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());
