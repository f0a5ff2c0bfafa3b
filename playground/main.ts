/**
 * The playground page: paste or drop an input, see what firewatch makes of it. Decoding is core's
 * `decodeInput`, the same function as `firewatch decode`, running in a module Web Worker built from this
 * page's own files, so a large input never freezes the page; nothing is sent anywhere (the Content
 * Security Policy forbids it with `connect-src 'none'`). The decoder, the builder and the regex tester
 * are tabs ({@link TABS}), and so is the cost calculator.
 *
 * @module
 */
import { type BuiltinParserName, builtinParsers } from '../core/parsers/registry.ts';
import { buildSampleEvent } from '../core/samples/events.ts';
import { buildOutputs } from './builder.ts';
import { costPanel } from './cost-panel.ts';
import { h } from './dom.ts';
import { regexTester } from './regex-tester.ts';
import { renderDecoded, renderProblem, type ResultView } from './render.ts';
import { installTabs, type Tab } from './tabs.ts';
import type { DecodeRequest, DecodeResponse, DocumentRequest } from './view.ts';
import './style.css';

const input = element('input', HTMLTextAreaElement);
const output = element('output', HTMLElement);
const file = element('file', HTMLInputElement);
const inputArea = element('input-area', HTMLElement);
const inputLabel = element('input-label', HTMLElement);
const dropZone = element('decode-panel', HTMLElement);
const parserSelect = element('parser', HTMLSelectElement);
const pattern = element('regex-pattern', HTMLInputElement);
const sampleLine = element('regex-line', HTMLInputElement);
const regexResult = element('regex-result', HTMLElement);

/** Pasted text longer than this is decoded without being shown in the textarea: 6 MB there is a 1.4 s task in Chromium. */
const LARGE_PASTE = 256 * 1024;

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`firewatch playground: #${id} is missing from index.html`);
  return found;
}

/** The tabs, in order; a tool adds itself with one entry. */
const TABS: readonly Tab[] = [
  { id: 'decode', label: 'Decode', panel: element('decode-panel', HTMLElement) },
  { id: 'builder', label: 'Builder', panel: element('builder-panel', HTMLElement) },
  { id: 'regex', label: 'Regex tester', panel: element('regex-panel', HTMLElement) },
  { id: 'cost', label: 'Cost', panel: costPanel(element('regex-panel', HTMLElement).parentElement!) },
];
const showTab = installTabs(element('tabs', HTMLElement), TABS);

element('edit-input', HTMLButtonElement).addEventListener('click', () => {
  inputArea.classList.remove('collapsed');
  input.focus();
});

for (const [name, parser] of Object.entries(builtinParsers)) {
  const option = document.createElement('option');
  option.value = name;
  option.textContent = `${name}: ${parser.description}`;
  parserSelect.append(option);
}

const worker = new Worker(new URL('./decode-worker.ts', import.meta.url), { type: 'module' });
let requestId = 0;
/** What the newest request was about, shown above its result; older answers are dropped. */
let pendingLabel: string | undefined;
let hasInput = false;
/** The request that brought new input (not another parser for the same): its answer collapses the input. */
let newInputId = -1;

/** Documents asked of the worker, by `${request id}:${row}`. */
const documentWaiters = new Map<string, (json: string | undefined) => void>();

function documentOf(id: number): (row: number) => Promise<string | undefined> {
  return (row) =>
    new Promise((resolve) => {
      documentWaiters.set(`${id}:${row}`, resolve);
      const request: DocumentRequest = { type: 'document', id, row };
      worker.postMessage(request);
    });
}

/** The result on screen, which takes the parsing and the Lambda's answer when they follow the rows. */
let shown: ResultView | undefined;

worker.addEventListener('message', (event: MessageEvent<DecodeResponse>) => {
  const answer = event.data;
  if (answer.type === 'document') {
    const key = `${answer.id}:${answer.row}`;
    documentWaiters.get(key)?.(answer.json);
    documentWaiters.delete(key);
    return;
  }
  if (answer.id !== requestId) return;
  try {
    if (answer.type === 'transform') {
      shown?.setTransform(answer.transform);
      return;
    }
    if (answer.type === 'parsed') {
      shown?.setParsed(answer.parsed);
      output.querySelector('[data-decode-ms]')?.setAttribute('data-parsed', 'true');
      return;
    }
    if (!answer.ok) {
      output.replaceChildren(renderProblem(`The decoder failed: ${answer.message}`));
      return;
    }
    shown = renderDecoded(answer.view, documentOf(answer.id));
    const view = shown.element;
    view.setAttribute('data-decode-ms', answer.decodeMs.toFixed(0));
    view.setAttribute('data-worker-ms', answer.totalMs.toFixed(0));
    if (answer.view.parsed) view.setAttribute('data-parsed', 'true');
    output.replaceChildren(view);
    output.removeAttribute('aria-busy');
    if (answer.id === newInputId) {
      if (pendingLabel !== undefined) inputLabel.textContent = pendingLabel;
      // New input that decoded gives the screen to the result; input that did not stays open to be fixed.
      inputArea.classList.toggle('collapsed', answer.view.kind !== 'unknown');
    }
  } catch (cause) {
    // decodeInput never throws; this catches a bug in rendering, so the page is never left blank.
    output.replaceChildren(renderProblem(`Something went wrong while showing the result: ${cause instanceof Error ? cause.message : String(cause)}`));
  }
});
worker.addEventListener('error', (event) => output.replaceChildren(renderProblem(`The decoder could not run: ${event.message}`)));

/** Sends text or bytes (transferred, not copied) to the worker; without a source, decodes the last one again. */
function show(source?: string | Uint8Array, label?: string): void {
  if (source === undefined && !hasInput) return;
  if (source !== undefined) {
    hasInput = true;
    pendingLabel = label;
    newInputId = requestId + 1;
  }
  const parser = parserSelect.value === '' ? undefined : (parserSelect.value as BuiltinParserName);
  let request: DecodeRequest = { type: 'decode', id: ++requestId, ...(parser === undefined ? {} : { parser }) };
  const transfer: Transferable[] = [];
  // Large text goes as UTF-8 bytes, moved to the worker: cloning a 6 MB string costs the page more.
  const sent = typeof source === 'string' && source.length > LARGE_PASTE ? new TextEncoder().encode(source) : source;
  if (typeof sent === 'string') request = { ...request, input: sent };
  else if (sent !== undefined) {
    const source = sent;
    const buffer = source.byteOffset === 0 && source.byteLength === source.buffer.byteLength && source.buffer instanceof ArrayBuffer
      ? source.buffer
      : source.slice().buffer;
    request = { ...request, input: buffer };
    transfer.push(buffer);
  }
  output.setAttribute('aria-busy', 'true');
  shown = undefined;
  output.replaceChildren(h('p', { class: 'status', role: 'status' }, 'decoding…'));
  worker.postMessage(request, transfer);
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

/** How a text input is named in the collapsed input bar. */
const textLabel = (text: string, how: string): string => `${how} (${text.length.toLocaleString('en-US')} characters)`;

element('decode', HTMLButtonElement).addEventListener('click', () => show(input.value, textLabel(input.value, 'Text')));

element('sample', HTMLButtonElement).addEventListener('click', () => {
  input.value = JSON.stringify(buildSampleEvent(), null, 2);
  show(input.value, 'A sample Firehose transformation event');
});

parserSelect.addEventListener('change', () => show());

input.addEventListener('paste', (event) => {
  const text = event.clipboardData?.getData('text/plain') ?? '';
  if (text.length > LARGE_PASTE) {
    event.preventDefault();
    input.value = '';
    input.placeholder = `Pasted ${text.length.toLocaleString('en-US')} characters: decoded below, not shown here.`;
    show(text, textLabel(text, 'Pasted text'));
    return;
  }
  // The pasted text is in the textarea only after the paste event has run.
  setTimeout(() => show(input.value, textLabel(input.value, 'Pasted text')), 0);
});

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
      if (text.length <= LARGE_PASTE) input.value = text;
      show(text, textLabel(text, 'Dropped text'));
    }
  }
});
// A file dropped beside the drop zone must not make the browser navigate away to it.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());

const testRegex = regexTester(regexResult);
const retest = (): void => testRegex(pattern.value, sampleLine.value);
pattern.addEventListener('input', retest);
sampleLine.addEventListener('input', retest);
retest();

// The builder: log lines → record, Lambda event and HTTP request, rebuilt as the form changes.
const builderLines = element('builder-lines', HTMLTextAreaElement);
const builderGroup = element('builder-group', HTMLInputElement);
const builderStream = element('builder-stream', HTMLInputElement);
const builderSource = element('builder-source', HTMLSelectElement);
const builderStatus = element('builder-status', HTMLElement);
const builtRecord = element('built-record', HTMLTextAreaElement);
const builtLambda = element('built-lambda', HTMLTextAreaElement);
const builtHttp = element('built-http', HTMLTextAreaElement);

function rebuild(): void {
  try {
    const built = buildOutputs({
      text: builderLines.value,
      logGroup: builderGroup.value,
      logStream: builderStream.value,
      source: builderSource.value === 'kinesis' ? 'kinesis' : 'direct',
    });
    builtRecord.value = built.record;
    builtLambda.value = built.lambdaEvent;
    builtHttp.value = built.httpRequest;
    builderStatus.textContent = `${built.events.toLocaleString('en-US')} event${built.events === 1 ? '' : 's'}, a ${
      built.record.length.toLocaleString('en-US')
    }-character record`;
  } catch (cause) {
    builderStatus.textContent = `Could not build: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
}
for (const control of [builderLines, builderGroup, builderStream]) control.addEventListener('input', rebuild);
builderSource.addEventListener('change', rebuild);
rebuild();

for (const button of document.querySelectorAll<HTMLButtonElement>('button.copy[data-copy]')) {
  button.addEventListener('click', () => {
    const target = document.getElementById(button.dataset['copy'] ?? '');
    if (!(target instanceof HTMLTextAreaElement)) return;
    navigator.clipboard.writeText(target.value).then(
      () => (button.textContent = 'Copied'),
      () => {
        // No clipboard permission (an insecure origin, say): select the text so Ctrl-C copies it.
        target.select();
        button.textContent = 'Select + Ctrl-C';
      },
    );
    setTimeout(() => (button.textContent = 'Copy'), 1500);
  });
}

element('built-decode', HTMLButtonElement).addEventListener('click', () => {
  input.value = builtLambda.value;
  show(input.value, 'The Lambda event built in the builder');
  showTab('decode');
});
