/**
 * moto (a widely used AWS emulator written by others, shipped with the machine image as `moto_server`)
 * for tests: one in-memory server on a random loopback port serving CloudWatch Logs, Kinesis, Firehose,
 * Secrets Manager and S3, for the real AWS SDK clients. Unlike our stand-ins it is not our reading of
 * the APIs, so the happy paths run against it; stand-ins remain for faults moto cannot produce.
 *
 * @example
 * ```ts
 * const moto = await startMoto();
 * const kinesis = new KinesisClient(moto.clientConfig());
 * // ... create streams, put records ...
 * await moto.stop();
 * ```
 * @module
 */

import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type ChildProcess, spawn } from 'node:child_process';
import { AwsClient } from 'aws4fetch';
import { fileURLToPath } from 'node:url';
import { DUMMY_CREDENTIALS } from './firehose-standin.ts';

/** The region every test talks to; moto keeps one backend per account and region. */
export const MOTO_REGION = 'us-east-1';
/** moto's default account (ARNs it builds carry it). */
export const MOTO_ACCOUNT = '123456789012';

/** What a client needs to talk to moto. */
export interface MotoClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: typeof DUMMY_CREDENTIALS;
  readonly requestHandler: NodeHttpHandler;
}

/**
 * A moto Firehose delivery stream (`DirectPut`) whose deliveries can be read back: moto writes each
 * `PutRecordBatch`/`PutRecord` call at once to its S3 destination as one object, the call's records
 * concatenated (moto's HTTP endpoint destination cannot carry binary records: it decodes them as UTF-8).
 */
export interface MotoDeliveryStream {
  readonly name: string;
  readonly arn: string;
  /**
   * One entry per accepted call: its records' data concatenated. In key order, which is the time to the
   * second, then random: calls within one second come in no particular order.
   */
  deliveries(): Promise<Uint8Array[]>;
}

/** The running moto; see the module example. */
export interface Moto {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /**
   * Endpoint, region, dummy credentials and an HTTP/1.1 handler of its own (the SDK's default HTTP/2
   * handler fails against local servers, and `client.destroy()` destroys the handler): a client's configuration.
   */
  clientConfig(): MotoClientConfig;
  /** What moto printed (requests are logged one a line), for a failed test's message. */
  log(): string;
  /** Environment variables that point the SDK's default clients (as a deployed Lambda makes them) at moto. */
  sdkEnvironment(): Record<string, string>;
  /** Creates a delivery stream whose records can be read back; see {@link MotoDeliveryStream}. */
  createDeliveryStream(name: string): Promise<MotoDeliveryStream>;
  /** Stops the server. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/** moto_server with its one deviation that firewatch rejects corrected; see the file. */
const LAUNCHER = fileURLToPath(new URL('./moto-server.py', import.meta.url));

/**
 * Starts moto's server on 127.0.0.1 and a port the OS picks, through {@link LAUNCHER} run by `python`
 * (the interpreter `moto_server` comes with); resolves once it listens.
 */
export async function startMoto(python = 'python3'): Promise<Moto> {
  const child = spawn(python, [LAUNCHER, '-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Should the test process die without stop(), do not leave moto running.
  const kill = () => child.kill();
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  let output = '';
  const collect = (chunk: Buffer) => {
    // Keep the tail only: moto logs every request.
    output = (output + chunk.toString()).slice(-64 * 1024);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`moto_server did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS);
      const look = () => {
        // werkzeug prints the port it got.
        const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout?.on('data', look);
      child.stderr?.on('data', look);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`moto_server exited with ${code}:\n${output}`));
      });
    });
  } catch (error) {
    await stopProcess(child);
    throw error;
  }

  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig = () => ({
    endpoint,
    region: MOTO_REGION,
    credentials: DUMMY_CREDENTIALS,
    requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true } }),
  });
  // S3 has no SDK client among the dependencies; aws4fetch (a dependency) signs plain requests.
  const s3 = new AwsClient({ ...DUMMY_CREDENTIALS, service: 's3', region: MOTO_REGION });
  return {
    endpoint,
    clientConfig,
    log: () => output,
    sdkEnvironment: () => ({
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: MOTO_REGION,
      AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    }),
    async createDeliveryStream(name) {
      const bucket = `firehose-${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
      const created = await s3.fetch(`${endpoint}/${bucket}`, { method: 'PUT' });
      if (!created.ok) throw new Error(`moto: creating bucket ${bucket} answered ${created.status}: ${await created.text()}`);
      const firehose = new FirehoseClient(clientConfig());
      try {
        const { DeliveryStreamARN: arn = '' } = await firehose.send(
          new CreateDeliveryStreamCommand({
            DeliveryStreamName: name,
            DeliveryStreamType: 'DirectPut',
            ExtendedS3DestinationConfiguration: { BucketARN: `arn:aws:s3:::${bucket}`, RoleARN: `arn:aws:iam::${MOTO_ACCOUNT}:role/firehose-delivery` },
          }),
        );
        return { name, arn, deliveries: () => readObjects(s3, `${endpoint}/${bucket}`) };
      } finally {
        firehose.destroy();
      }
    },
    async stop() {
      await stopProcess(child);
    },
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill();
  await exited;
}

/** Every object of a bucket, in key order (ListObjectsV2, all pages). */
async function readObjects(s3: AwsClient, bucketUrl: string): Promise<Uint8Array[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ 'list-type': '2', ...(token ? { 'continuation-token': token } : {}) });
    const listing = await s3.fetch(`${bucketUrl}?${query}`);
    const xml = await listing.text();
    if (!listing.ok) throw new Error(`moto: listing ${bucketUrl} answered ${listing.status}: ${xml}`);
    for (const [, key = ''] of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(key);
    token = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1];
  } while (token);
  const objects: Uint8Array[] = [];
  for (const key of keys.sort()) {
    const object = await s3.fetch(`${bucketUrl}/${key.split('/').map(encodeURIComponent).join('/')}`);
    if (!object.ok) throw new Error(`moto: reading ${key} answered ${object.status}`);
    objects.push(new Uint8Array(await object.arrayBuffer()));
  }
  return objects;
}

/**
 * Splits the concatenated JSON objects of a delivery (`{…}{…}`) back into the records, for streams whose
 * records are each one JSON object. A scan, not a parser: it tracks strings and nesting depth only.
 *
 * @example
 * ```ts
 * splitJsonObjects('{"a":"}{"}{"b":1}'); // ['{"a":"}{"}', '{"b":1}']
 * ```
 */
export function splitJsonObjects(text: string): string[] {
  const objects: string[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) {
      objects.push(text.slice(start, i + 1));
    }
  }
  return objects;
}
