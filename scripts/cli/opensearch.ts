/**
 * `firewatch opensearch setup`: puts the index templates and the ISM retention policy in place
 * (core/opensearch/setup.ts), with the sink's connection settings (`OPENSEARCH_URL`,
 * `FIREWATCH_OPENSEARCH_AUTH`, ..., read by core/opensearch/config.ts). Idempotent: one line per
 * item, `created`, `updated`, `unchanged` or `skipped`. `--dry-run` prints the requests in the form
 * OpenSearch Dashboards' Dev Tools console takes, contacting nothing and needing no credentials.
 *
 * @example
 * ```sh
 * OPENSEARCH_URL=https://search.example.com FIREWATCH_OPENSEARCH_AUTH=basic OPENSEARCH_USERNAME=admin OPENSEARCH_PASSWORD=... \
 *   firewatch opensearch setup --retention-days 14
 * firewatch opensearch setup --index rds --dry-run
 * ```
 * @module
 */
import { type Env, readChoice } from '../../core/config/env.ts';
import { FirewatchError } from '../../core/errors.ts';
import { DEFAULT_RETENTION_DAYS, DEFAULT_TEMPLATE_PRIORITY, MAX_RETENTION_DAYS } from '../../core/opensearch/index-template.ts';
import { planOpenSearchSetup, type SetupItem, setupOpenSearch, type SetupOptions } from '../../core/opensearch/setup.ts';
import { type OpenSearchConfig, readOpenSearchConfig } from '../../core/opensearch/config.ts';
import { integerOption, type Output, parseOptions, UsageError } from './io.ts';

/** Where `--dry-run` pretends the cluster is when `OPENSEARCH_URL` is not set: only the paths are printed. */
const DRY_RUN_URL = 'http://localhost:9200';

const kindName = (kind: SetupItem['kind']): string => (kind === 'index_template' ? 'index template' : 'ISM policy');

/**
 * Runs `firewatch opensearch <subcommand>`; resolves to the exit code. Configuration errors and a
 * failed step throw {@link FirewatchError} (one line on stderr, exit 1) after the lines of the steps done.
 */
export async function opensearchCommand(args: readonly string[], out: Output, env: Env = process.env): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'setup') {
    throw new UsageError(
      subcommand === undefined ? 'opensearch needs a subcommand: setup' : `unknown opensearch subcommand ${JSON.stringify(subcommand)}; the only one is setup`,
    );
  }
  const { values, positionals } = parseOptions(rest, {
    index: { type: 'string' },
    'retention-days': { type: 'string' },
    priority: { type: 'string' },
    'dry-run': { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const retentionDays = integerOption('--retention-days', values['retention-days'], 1, MAX_RETENTION_DAYS) ?? DEFAULT_RETENTION_DAYS;
  const priority = integerOption('--priority', values.priority, 0, 2 ** 31 - 2) ?? DEFAULT_TEMPLATE_PRIORITY;
  // --index stands for FIREWATCH_INDEX, so the dead-letter default (deadletter-<index>) and the name checks follow it.
  const withIndex: Env = values.index === undefined ? env : { ...env, FIREWATCH_INDEX: values.index };
  const read = (source: Env): OpenSearchConfig => {
    try {
      return readOpenSearchConfig(source);
    } catch (error) {
      if (!(error instanceof FirewatchError)) throw error;
      if (values.index !== undefined && error.detail.startsWith('FIREWATCH_INDEX=')) {
        throw new UsageError(error.detail.replace(/^FIREWATCH_INDEX=/, '--index '));
      }
      if (error.detail.startsWith('OPENSEARCH_URL must be set')) {
        throw new FirewatchError(
          'CONFIG_INVALID',
          'OPENSEARCH_URL must be set: opensearch setup prepares the cluster the sink writes to (--dry-run prints the requests without one)',
        );
      }
      throw error;
    }
  };

  if (values['dry-run'] === true) {
    // Credentials are not needed to print requests: read everything but the connection.
    const config = read({ ...withIndex, OPENSEARCH_URL: withIndex['OPENSEARCH_URL']?.trim() || DRY_RUN_URL, FIREWATCH_OPENSEARCH_AUTH: 'none' });
    const serverless = readChoice(env, 'FIREWATCH_OPENSEARCH_AUTH', ['none', 'basic', 'sigv4'], 'none') === 'sigv4' &&
      readChoice(env, 'FIREWATCH_OPENSEARCH_SERVICE', ['es', 'aoss'], 'es') === 'aoss';
    for (const step of planOpenSearchSetup(options(config, retentionDays, priority, serverless))) {
      await out.write(`# ${kindName(step.kind)} ${step.name}${step.skip === undefined ? '' : ` — skipped: ${step.skip}`}\n`);
      await out.write(`PUT ${step.path}\n${JSON.stringify(step.body, null, 2)}\n\n`);
    }
    return 0;
  }

  const config = read(withIndex);
  const result = await setupOpenSearch(config, options(config, retentionDays, priority));
  for (const item of result.items) {
    await out.write(`firewatch opensearch setup: ${kindName(item.kind)} ${item.name}: ${item.status}${item.detail === undefined ? '' : ` (${item.detail})`}\n`);
  }
  if (!result.ok) throw result.error;
  const counts = (['created', 'updated', 'unchanged', 'skipped'] as const).map((status) =>
    [status, result.items.filter((i) => i.status === status).length] as const
  ).filter(([, n]) => n > 0);
  await out.write(`firewatch opensearch setup: ${config.url}: ${counts.map(([status, n]) => `${n} ${status}`).join(', ')}\n`);
  return 0;
}

function options(config: OpenSearchConfig, retentionDays: number, priority: number, serverless?: boolean): SetupOptions {
  const base = { index: config.index, deadLetterIndex: config.deadLetterIndex, rotation: config.rotation, retentionDays, priority };
  return serverless === undefined ? base : { ...base, serverless };
}
