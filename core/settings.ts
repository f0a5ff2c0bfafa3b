/**
 * The catalogue of settings: every environment variable any firewatch program reads, once, with its
 * default, meaning, the fronts that read it ({@link Front}) and its rule. Each is declared beside the
 * reader of its domain (so core's folders keep depending one way: core/opensearch/config.ts,
 * core/endpoint/config.ts, core/config/document-settings.ts, core/firehose/settings.ts) and listed here;
 * the README's configuration tables are generated from this list by `npm run docs:tables`
 * (scripts/readme-tables.ts), and test/readme.test.ts fails when they differ or when code reads a
 * `FIREWATCH_` variable that is not here.
 *
 * @example
 * ```ts
 * settingsOf(Front.TRANSFORM).map((s) => s.name); // ["FIREWATCH_PARSERS", ..., "FIREWATCH_METRICS_NAMESPACE"]
 * ```
 * @module
 */
import { documentSettings } from './config/document-settings.ts';
import { type Env, Front, readString, type Setting } from './config/env.ts';
import { endpointSettings } from './endpoint/config.ts';
import { transformSettings } from './firehose/settings.ts';
import { openSearchSettings } from './opensearch/config.ts';

/**
 * Variables read only by the runtime glue (scripts/), declared here so the catalogue is whole.
 *
 * @example
 * ```ts
 * glueSettings.dataDir.read({}); // "data"
 * ```
 */
export const glueSettings = {
  dataDir: {
    name: 'FIREWATCH_DATA_DIR',
    default: 'data',
    meaning: 'Deno and Bun servers without OPENSEARCH_URL: the directory of the NDJSON files documents go to (`firewatch serve` takes `--data DIR`).',
    fronts: [Front.ENDPOINT],
    read: (env: Env): string => readString(env, 'FIREWATCH_DATA_DIR', 'data'),
  },
  debug: {
    name: 'FIREWATCH_DEBUG',
    default: '(unset)',
    meaning: 'Any value: an internal error of the CLI prints its stack trace.',
    fronts: [Front.CLI],
    read: (env: Env): boolean => readString(env, 'FIREWATCH_DEBUG', '') !== '',
  },
} as const satisfies Record<string, Setting>;

/** Every setting, each once, in the order the README's tables show them. */
export const settings: readonly Setting[] = [
  transformSettings.mode,
  endpointSettings.accessKeys,
  endpointSettings.accessKeySecret,
  endpointSettings.allowNoAccessKey,
  endpointSettings.maxBodyBytes,
  documentSettings.maxInflatedBytes,
  endpointSettings.maxEventsPerRecord,
  endpointSettings.maxDeliveries,
  endpointSettings.inflatedBudgetBytes,
  documentSettings.parsers,
  documentSettings.defaultParser,
  documentSettings.keepMessage,
  transformSettings.responseBudgetBytes,
  transformSettings.reingestMaxAttempts,
  transformSettings.reingestBaseDelayMs,
  transformSettings.reingestMaxDelayMs,
  transformSettings.reingestSafetyMarginMs,
  transformSettings.metricsNamespace,
  openSearchSettings.index,
  openSearchSettings.rotation,
  endpointSettings.batchBytes,
  endpointSettings.writeTimeoutMs,
  endpointSettings.path,
  endpointSettings.port,
  endpointSettings.host,
  glueSettings.dataDir,
  ...Object.values(openSearchSettings).filter((s) => s !== openSearchSettings.index && s !== openSearchSettings.rotation),
  glueSettings.debug,
];

/**
 * The settings one front reads, in catalogue order.
 *
 * @example
 * ```ts
 * settingsOf(Front.HTTP).some((s) => s.name === "FIREWATCH_ACCESS_KEY_SECRET"); // true
 * ```
 */
export function settingsOf(front: Front): readonly Setting[] {
  return settings.filter((s) => s.fronts.includes(front));
}

/**
 * Whether a setting belongs to the OpenSearch sink (its own README table, shared by every front that
 * writes to OpenSearch) rather than to one front.
 *
 * @example
 * ```ts
 * isOpenSearchSetting(openSearchSettings.url); // true
 * ```
 */
export function isOpenSearchSetting(setting: Setting): boolean {
  return (Object.values(openSearchSettings) as readonly Setting[]).includes(setting) && setting !== openSearchSettings.index &&
    setting !== openSearchSettings.rotation;
}
