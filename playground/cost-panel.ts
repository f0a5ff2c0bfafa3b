/**
 * The Cost tab: what each deployment costs a month for a log volume, computed in the page by core/cost
 * (the same model and prices as `firewatch cost`). The line size, and for CloudWatch Logs records the
 * events per record and gzip ratio, can be measured from a pasted sample with core's `decodeInput`.
 *
 * @module
 */
import { type CostEstimate, type CostLine, DEPLOYMENTS, estimateCosts } from '../core/cost/model.ts';
import { formatCostReport } from '../core/cost/report.ts';
import { measureSample } from '../core/cost/sample.ts';
import { decodeInput } from '../core/inspect/decode-input.ts';
import { h } from './dom.ts';

/** A sample is decoded on the page's thread (the Decode tab's worker is for large inputs): keep it small. */
const SAMPLE_MAX_CHARS = 1024 * 1024;
const SERVICES: readonly CostLine['service'][] = ['Kinesis', 'Firehose', 'Lambda', 'OpenSearch Ingestion'];
const usd = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** One labelled number input. */
function numberField(id: string, label: string, value: string): { wrap: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { id, type: 'number', min: '0', step: 'any', value });
  return { wrap: h('div', {}, h('label', { for: id }, label), input), input };
}

/**
 * Builds the panel, appends it to `parent` and returns it (for the page's tab list).
 *
 * @example
 * ```ts
 * const TABS = [..., { id: 'cost', label: 'Cost', panel: costPanel(document.querySelector('main')!) }];
 * ```
 */
export function costPanel(parent: HTMLElement): HTMLElement {
  const rate = numberField('cost-events', 'Events per second', '2000');
  const line = numberField('cost-line-bytes', 'Average line (bytes)', '200');
  const perRecord = numberField('cost-per-record', 'Events per CloudWatch Logs record', '100');
  const ratio = numberField('cost-ratio', 'gzip ratio', '6');
  const memory = numberField('cost-memory', 'Lambda memory (MB)', '512');
  const stream = h('select', { id: 'cost-stream' }, h('option', { value: 'provisioned' }, 'provisioned'), h('option', { value: 'on-demand' }, 'on-demand'));
  const sample = h('textarea', {
    id: 'cost-sample',
    rows: '4',
    spellcheck: 'false',
    placeholder: 'Optional: paste log lines, records or an event to measure the line size from',
  });
  const measure = h('button', { type: 'button', id: 'cost-measure' }, 'Measure the sample');
  const status = h('p', { id: 'cost-status', class: 'hint', 'aria-live': 'polite' });
  const table = h('table', { id: 'cost-table', class: 'cost-table' });
  const details = h('pre', { id: 'cost-report' });
  const panel = h(
    'section',
    { id: 'cost-panel', class: 'panel builder cost', 'aria-label': 'Cost' },
    h('h2', {}, 'What each deployment costs'),
    h(
      'p',
      { class: 'hint' },
      'US East list prices a month (730 hours), each with its source page below; Lambda time from firewatch’s own benchmark. CloudWatch Logs and the OpenSearch domain cost the same on every path and are left out. The same figures as firewatch cost.',
    ),
    h(
      'div',
      { class: 'builder-options' },
      rate.wrap,
      line.wrap,
      perRecord.wrap,
      ratio.wrap,
      memory.wrap,
      h('div', {}, h('label', { for: 'cost-stream' }, 'Kinesis stream'), stream),
    ),
    h('label', { for: 'cost-sample' }, 'Sample'),
    sample,
    h('div', {}, measure),
    status,
    table,
    h('details', {}, h('summary', {}, 'Billed quantities and prices'), details),
  );
  parent.append(panel);

  const update = () => {
    let estimate: CostEstimate;
    try {
      estimate = estimateCosts(
        {
          eventsPerSecond: rate.input.valueAsNumber,
          lineBytes: line.input.valueAsNumber,
          eventsPerRecord: perRecord.input.valueAsNumber,
          compressionRatio: ratio.input.valueAsNumber,
        },
        {
          lambdaMemoryMb: Math.min(10_240, Math.max(128, Math.round(memory.input.valueAsNumber) || 512)),
          streamMode: stream.value === 'on-demand' ? 'on-demand' : 'provisioned',
        },
      );
    } catch (error) {
      status.textContent = error instanceof Error ? error.message.replace(/^firewatch: /, '') : String(error);
      table.replaceChildren();
      details.textContent = '';
      return;
    }
    status.textContent = `${estimate.recordsPerSecond.toLocaleString('en-US', { maximumFractionDigits: 2 })} records/s of ${
      estimate.recordBytes.toLocaleString('en-US')
    } B gzip, ${estimate.gbPerDay.toLocaleString('en-US', { maximumFractionDigits: 1 })} GB of log text a day.`;
    const head = h('tr', {}, h('th', {}, 'Deployment'), ...SERVICES.map((s) => h('th', {}, s)), h('th', {}, 'USD a month'));
    const rows = estimate.deployments.map((d) =>
      h(
        'tr',
        { 'data-deployment': d.key },
        h('th', { scope: 'row' }, DEPLOYMENTS[d.key]),
        ...SERVICES.map((s) => {
          const lines = d.lines.filter((l) => l.service === s);
          return h('td', {}, lines.length === 0 ? '–' : usd(lines.reduce((n, l) => n + l.usd, 0)));
        }),
        h('td', { 'data-total': '' }, usd(d.totalUsd)),
      )
    );
    table.replaceChildren(h('thead', {}, head), h('tbody', {}, ...rows));
    details.textContent = formatCostReport(estimate);
  };

  measure.addEventListener('click', () => {
    const text = sample.value;
    if (text.length > SAMPLE_MAX_CHARS) {
      status.textContent = `The sample is ${text.length.toLocaleString('en-US')} characters; paste at most ${
        SAMPLE_MAX_CHARS.toLocaleString('en-US')
      } (a few hundred lines are plenty).`;
      return;
    }
    const shape = measureSample(decodeInput(text));
    if (!shape.ok) {
      status.textContent = shape.error.message.replace(/^firewatch: /, '');
      return;
    }
    line.input.value = String(Math.round(shape.value.lineBytes * 10) / 10);
    if (shape.value.eventsPerRecord !== undefined) perRecord.input.value = String(Math.round(shape.value.eventsPerRecord * 10) / 10);
    if (shape.value.compressionRatio !== undefined) ratio.input.value = String(Math.round(shape.value.compressionRatio * 10) / 10);
    update();
    status.textContent = `Measured from ${shape.value.events.toLocaleString('en-US')} events. ${status.textContent}`;
  });
  for (const input of [rate.input, line.input, perRecord.input, ratio.input, memory.input, stream]) input.addEventListener('input', update);
  update();
  return panel;
}
