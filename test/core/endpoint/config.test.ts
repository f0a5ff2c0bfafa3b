import { describe, expect, it } from 'vitest';
import { documentSettings } from '../../../core/config/document-settings.ts';
import { Front, type Setting } from '../../../core/config/env.ts';
import { DEFAULT_BATCH_BYTES, DEFAULT_WRITE_TIMEOUT_MS, endpointSettings, readEndpointConfig } from '../../../core/endpoint/config.ts';
import { DEFAULT_MAX_INFLATED_BYTES, HTTP_ENDPOINT_BODY_MAX_BYTES, HTTP_ENDPOINT_RESPONSE_WAIT_MS } from '../../../core/limits.ts';

const KEYS = { FIREWATCH_ACCESS_KEYS: 'k1' };
const errorOf = (env: Record<string, string>, options = {}): string => {
  try {
    readEndpointConfig(env, options);
  } catch (error) {
    return (error as Error).message.replace(/^firewatch: /, '');
  }
  return 'no error';
};

describe('readEndpointConfig', () => {
  it('reads the defaults the catalogue documents', () => {
    const config = readEndpointConfig(KEYS);
    expect(config).toMatchObject({
      accessKeys: ['k1'],
      allowNoAccessKey: false,
      maxBodyBytes: HTTP_ENDPOINT_BODY_MAX_BYTES,
      maxInflatedBytes: DEFAULT_MAX_INFLATED_BYTES,
      parserOverrides: [],
      keepMessage: false,
      index: 'cloudwatch-logs',
      indexRotation: 'OneDay',
      batchBytes: DEFAULT_BATCH_BYTES,
      writeTimeoutMs: DEFAULT_WRITE_TIMEOUT_MS,
      path: '/',
      port: 8080,
      host: '127.0.0.1',
    });
    expect(config.defaultParser).toBeUndefined();
    // Every endpoint and document setting the endpoint reads (the catalogue's others belong to the sink or the glue).
    const read: Setting[] = [...Object.values(endpointSettings), ...Object.values(documentSettings)];
    for (const v of read.filter((s) => s.fronts.includes(Front.ENDPOINT))) {
      const numeric = Number(v.default);
      if (Number.isSafeInteger(numeric) && v.name !== 'PORT') expect([v.name, Object.values(config).includes(numeric)]).toEqual([v.name, true]);
    }
  });

  it('reads every variable it documents', () => {
    const config = readEndpointConfig({
      FIREWATCH_ACCESS_KEYS: ' new , old ,',
      FIREWATCH_MAX_BODY_BYTES: '1_048_576',
      FIREWATCH_KEEP_MESSAGE: 'TRUE',
      FIREWATCH_PARSERS: '/app/*=json',
      FIREWATCH_DEFAULT_PARSER: 'mysql-general',
      FIREWATCH_INDEX: 'rds',
      FIREWATCH_INDEX_ROTATION: 'onehour',
      FIREWATCH_PATH: '/firehose',
      PORT: '0',
      HOST: '0.0.0.0',
    });
    expect(config).toMatchObject({
      accessKeys: ['new', 'old'],
      maxBodyBytes: 1_048_576,
      keepMessage: true,
      index: 'rds',
      indexRotation: 'OneHour',
      path: '/firehose',
      port: 0,
      host: '0.0.0.0',
    });
    expect(config.parserOverrides).toHaveLength(1);
    expect(config.defaultParser?.name).toBe('mysql-general');
  });

  it('requires keys unless allowed without, or given by a provider', () => {
    expect(errorOf({})).toMatch(/^FIREWATCH_ACCESS_KEYS is required/);
    expect(readEndpointConfig({ FIREWATCH_ALLOW_NO_ACCESS_KEY: 'true' }).accessKeys).toEqual([]);
    expect(readEndpointConfig({}, { accessKeysFromProvider: true }).accessKeys).toEqual([]);
  });

  it('names the variable and the rule for every bad value', () => {
    expect(errorOf({ FIREWATCH_ACCESS_KEYS: `k1,${'x'.repeat(4097)}` })).toBe("FIREWATCH_ACCESS_KEYS: key 2 is longer than Firehose's 4096 bytes");
    expect(errorOf({ ...KEYS, FIREWATCH_INDEX: 'Logs' })).toMatch(/^FIREWATCH_INDEX="Logs" is not a valid OpenSearch index name: it must be lowercase/);
    expect(errorOf({ ...KEYS, FIREWATCH_INDEX: 'a'.repeat(201) })).toMatch(
      /^FIREWATCH_INDEX=.* is not a valid OpenSearch index name: it is 201 bytes, more than 200$/,
    );
    expect(errorOf({ ...KEYS, FIREWATCH_PATH: 'firehose' })).toMatch(/^FIREWATCH_PATH="firehose" must start with \//);
    expect(errorOf({ ...KEYS, FIREWATCH_PARSERS: '/app/*=klingon' })).toMatch(/^FIREWATCH_PARSERS: /);
    expect(errorOf({ ...KEYS, FIREWATCH_WRITE_TIMEOUT_MS: String(HTTP_ENDPOINT_RESPONSE_WAIT_MS) })).toBe(
      `FIREWATCH_WRITE_TIMEOUT_MS="${HTTP_ENDPOINT_RESPONSE_WAIT_MS}" must be a whole number from 100 to 175000`,
    );
    expect(errorOf({ ...KEYS, FIREWATCH_KEEP_MESSAGE: 'yes' })).toBe('FIREWATCH_KEEP_MESSAGE="yes" must be one of false, true');
    expect(errorOf({ ...KEYS, FIREWATCH_DEFAULT_PARSER: 'klingon' })).toMatch(/^FIREWATCH_DEFAULT_PARSER="klingon" must be one of /);
  });
});
