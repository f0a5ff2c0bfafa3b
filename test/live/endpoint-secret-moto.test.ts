/**
 * The HTTP endpoint Lambda (lambda/http.ts) reading its access key from moto's Secrets Manager, as
 * deployed: the SDK finds the endpoint and credentials in the environment, moto keeps the version stages
 * (a `PutSecretValue` moves AWSCURRENT to AWSPREVIOUS, as Secrets Manager does), and the documents go to
 * the real OpenSearch. The Secrets Manager stand-in (test/lambda/access-key-secret.test.ts) remains for
 * outages, read counting and unusable versions.
 */
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { buildSampleEnvelopes, buildSampleHttpRequest } from '../../core/samples/events.ts';
import { DEFAULT_SECRET_TTL_MS } from '../../lambda/access-key-secret.ts';
import type { createHttpHandler as CreateHttpHandler } from '../../lambda/http.ts';
import { describeWithTool } from '../support/external-tool.ts';
import { functionUrlEvent } from '../support/function-url-event.ts';
import { countDocuments, deleteIndices, describeLive, freshIndexName, liveOpenSearchUrl } from '../support/live-opensearch.ts';
import { type Moto, startMoto } from '../support/moto.ts';

type LambdaResult = { statusCode: number; body: string };

const SAMPLE = { format: 'mysql-general', records: 2, events: 3, seed: 8 } as const;
const sample = buildSampleHttpRequest(SAMPLE);
const sampleEvents = buildSampleEnvelopes(SAMPLE).reduce((sum, envelope) => sum + envelope.logEvents.length, 0);

describeWithTool('moto_server', 'HTTP endpoint Lambda with its key in Secrets Manager (moto)', () => {
  describeLive('documents into the real OpenSearch', () => {
    const index = freshIndexName('endpoint-secret');
    let moto: Moto;
    let secrets: SecretsManagerClient;
    let createHttpHandler: typeof CreateHttpHandler;

    beforeAll(async () => {
      moto = await startMoto();
      secrets = new SecretsManagerClient(moto.clientConfig());
      const { AWS_ENDPOINT_URL: endpoint = '', ...credentials } = moto.sdkEnvironment();
      for (const [name, value] of Object.entries({ ...credentials, AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint, AWS_SESSION_TOKEN: '' })) {
        vi.stubEnv(name, value);
      }
      // lambda/http.ts builds its own handler from the environment when imported, as Lambda starts it.
      vi.stubEnv('OPENSEARCH_URL', liveOpenSearchUrl());
      vi.stubEnv('FIREWATCH_ACCESS_KEYS', 'module-handler-key');
      ({ createHttpHandler } = await import('../../lambda/http.ts'));
    }, 60_000);
    afterAll(async () => {
      vi.unstubAllEnvs();
      secrets?.destroy();
      await moto?.stop();
      await deleteIndices(liveOpenSearchUrl(), `${index}*`);
    });

    /** The handler reading `secretId`, with a clock the test moves. */
    function lambda(secretId: string) {
      const clock = { now: 1_800_000_000_000 };
      const handler = createHttpHandler(
        { OPENSEARCH_URL: liveOpenSearchUrl(), FIREWATCH_INDEX: index, FIREWATCH_ACCESS_KEY_SECRET: secretId },
        { log: () => undefined, accessKeySecret: { now: () => clock.now } },
      ) as unknown as (event: Record<string, unknown>) => Promise<LambdaResult>;
      return {
        clock,
        /** Delivers the sample with `key`; answers the HTTP status. */
        async deliver(key: string): Promise<number> {
          const requestId = `req-${Math.random().toString(16).slice(2)}`;
          const headers = {
            'content-type': 'application/json',
            'x-amz-firehose-protocol-version': '1.0',
            'x-amz-firehose-request-id': requestId,
            'x-amz-firehose-source-arn': 'arn:aws:firehose:us-east-1:123456789012:deliverystream/firewatch-rds',
            'x-amz-firehose-access-key': key,
          };
          const request = new Request('https://lambda.invalid/', { method: 'POST', headers, body: JSON.stringify({ ...sample, requestId }) });
          return (await handler(await functionUrlEvent(request))).statusCode;
        },
      };
    }

    it('accepts the current and the previous key after moto rotated the secret, refuses others, and stores each event once', async () => {
      await secrets.send(new CreateSecretCommand({ Name: 'firewatch/endpoint-key', SecretString: JSON.stringify({ api_key: 'key-2026-10' }) }));
      await secrets.send(new PutSecretValueCommand({ SecretId: 'firewatch/endpoint-key', SecretString: JSON.stringify({ api_key: 'key-2026-11' }) }));
      const { deliver } = lambda('firewatch/endpoint-key');

      const statuses = [await deliver('key-2026-11'), await deliver('key-2026-10'), await deliver('key-2026-09')];

      expect(statuses).toEqual([200, 200, 401]);
      expect(await countDocuments(liveOpenSearchUrl(), `${index}-*`)).toBe(sampleEvents);
    });

    it('takes a never-rotated plain-text secret by ARN (no AWSPREVIOUS yet), and picks up a rotation after the cache time', async () => {
      const { ARN: arn = '' } = await secrets.send(new CreateSecretCommand({ Name: 'firewatch/plain-key', SecretString: 'plain-key-0001' }));
      const { deliver, clock } = lambda(arn);

      const before = [await deliver('plain-key-0001'), await deliver('plain-key-0002')];
      await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'plain-key-0002' }));
      const cached = await deliver('plain-key-0002');
      clock.now += DEFAULT_SECRET_TTL_MS + 1;
      const after = [await deliver('plain-key-0002'), await deliver('plain-key-0001'), await deliver('plain-key-0000')];

      expect(before).toEqual([200, 401]);
      // The keys read a moment ago are kept for the cache time (an early re-read waits 30 s).
      expect(cached).toBe(401);
      expect(after).toEqual([200, 200, 401]);
    });
  });
});
