import { describe, expect, it } from 'vitest';
import { openSearchSettings, readOpenSearchConfig } from '../../../core/opensearch/config.ts';

const URL = { OPENSEARCH_URL: 'https://search.example.com:9200/' };
const errorOf = (env: Record<string, string>) => {
  try {
    readOpenSearchConfig(env);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected CONFIG_INVALID');
};

describe('readOpenSearchConfig', () => {
  it('applies defaults', () => {
    expect(readOpenSearchConfig(URL)).toEqual({
      url: 'https://search.example.com:9200',
      index: 'cloudwatch-logs',
      rotation: 'OneDay',
      action: 'create',
      maxBulkBytes: 5 * 1024 * 1024,
      deadLetterIndex: 'deadletter-cloudwatch-logs',
      auth: { type: 'none' },
      retryBaseMs: 200,
      retryMaxMs: 10_000,
      requestTimeoutMs: 30_000,
    });
  });

  it('reads every variable', () => {
    const config = readOpenSearchConfig({
      OPENSEARCH_URL: 'http://localhost:9200/proxy/',
      FIREWATCH_INDEX: 'rds-general',
      FIREWATCH_INDEX_ROTATION: 'onehour',
      FIREWATCH_BULK_ACTION: 'index',
      FIREWATCH_BULK_MAX_BYTES: '1_048_576',
      FIREWATCH_DEAD_LETTER_INDEX: 'rejected',
      FIREWATCH_OPENSEARCH_AUTH: 'sigv4',
      FIREWATCH_OPENSEARCH_SERVICE: 'aoss',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      FIREWATCH_SINK_RETRY_BASE_MS: '50',
      FIREWATCH_SINK_RETRY_MAX_MS: '1000',
      FIREWATCH_OPENSEARCH_TIMEOUT_MS: '5000',
    });
    expect(config).toEqual({
      url: 'http://localhost:9200/proxy',
      index: 'rds-general',
      rotation: 'OneHour',
      action: 'index',
      maxBulkBytes: 1_048_576,
      deadLetterIndex: 'rejected',
      auth: { type: 'sigv4', service: 'aoss', region: 'eu-west-1', accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' },
      retryBaseMs: 50,
      retryMaxMs: 1000,
      requestTimeoutMs: 5000,
    });
    expect(readOpenSearchConfig({ ...URL, FIREWATCH_OPENSEARCH_AUTH: 'basic', OPENSEARCH_USERNAME: 'u', OPENSEARCH_PASSWORD: ' p ' }).auth).toEqual({
      type: 'basic',
      username: 'u',
      password: ' p ',
    });
  });

  it('names the variable at fault', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'OPENSEARCH_URL must be set'],
      [{ OPENSEARCH_URL: 'not a url' }, 'OPENSEARCH_URL="not a url" is not a URL'],
      [{ OPENSEARCH_URL: 'ftp://x' }, 'OPENSEARCH_URL must be http or https'],
      [{ OPENSEARCH_URL: 'https://u:p@x' }, 'OPENSEARCH_URL must not hold credentials'],
      [{ ...URL, FIREWATCH_INDEX: 'Logs' }, 'FIREWATCH_INDEX="Logs"'],
      [{ ...URL, FIREWATCH_DEAD_LETTER_INDEX: '_x' }, 'FIREWATCH_DEAD_LETTER_INDEX="_x"'],
      [{ ...URL, FIREWATCH_INDEX_ROTATION: 'daily' }, 'FIREWATCH_INDEX_ROTATION="daily" must be one of NoRotation'],
      [{ ...URL, FIREWATCH_BULK_ACTION: 'update' }, 'FIREWATCH_BULK_ACTION="update" must be one of create, index'],
      [{ ...URL, FIREWATCH_BULK_MAX_BYTES: '10' }, 'FIREWATCH_BULK_MAX_BYTES="10"'],
      [{ ...URL, FIREWATCH_OPENSEARCH_AUTH: 'basic' }, 'OPENSEARCH_USERNAME must be set when FIREWATCH_OPENSEARCH_AUTH=basic'],
      [{ ...URL, FIREWATCH_OPENSEARCH_AUTH: 'basic', OPENSEARCH_USERNAME: 'u' }, 'OPENSEARCH_PASSWORD must be set'],
      [
        { ...URL, FIREWATCH_OPENSEARCH_AUTH: 'sigv4', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's' },
        'AWS_REGION must be set when FIREWATCH_OPENSEARCH_AUTH=sigv4',
      ],
      [{
        ...URL,
        FIREWATCH_OPENSEARCH_AUTH: 'sigv4',
        AWS_REGION: 'r',
        AWS_ACCESS_KEY_ID: 'a',
        AWS_SECRET_ACCESS_KEY: 's',
        FIREWATCH_OPENSEARCH_SERVICE: 'opensearch',
      }, 'FIREWATCH_OPENSEARCH_SERVICE="opensearch"'],
    ];
    for (const [env, message] of cases) {
      const error = errorOf(env);
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toContain(message);
    }
  });

  it('documents every variable it reads', () => {
    const names = Object.values(openSearchSettings).map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('OPENSEARCH_URL');
    expect(names).toContain('FIREWATCH_OPENSEARCH_TIMEOUT_MS');
    expect(names).toHaveLength(17);
  });
});
