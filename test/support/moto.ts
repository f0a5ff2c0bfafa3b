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
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DUMMY_CREDENTIALS } from './firehose-standin.ts';
import { listenOnLoopback } from './listen.ts';

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
 * A moto Firehose delivery stream (`DirectPut`) whose records can be read back: moto delivers each
 * `PutRecordBatch` at once to its HTTP endpoint destination, a collector of ours on loopback, keeping
 * every record's bytes and the call it came in (an S3 destination would concatenate them).
 */
export interface MotoDeliveryStream {
  readonly name: string;
  readonly arn: string;
  /** Record data moto accepted, in arrival order. */
  records(): Uint8Array[];
  /** Records per delivery, one entry per accepted `PutRecordBatch`/`PutRecord` call. */
  deliveries(): number[];
  /** Forgets what was collected. */
  clear(): void;
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
  /** Stops the server and the delivery streams' collectors. */
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
  const clientConfig = () => ({ endpoint, region: MOTO_REGION, credentials: DUMMY_CREDENTIALS, requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true } }) });
  const collectors: Server[] = [];
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
      const records: Uint8Array[] = [];
      const deliveries: number[] = [];
      const collector = await listenOnLoopback(
        createServer(async (req, res) => {
          const chunks: Buffer[] = [];
          for await (const chunk of req) chunks.push(chunk as Buffer);
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { requestId: string; records: { data: string }[] };
          for (const record of body.records) records.push(new Uint8Array(Buffer.from(record.data, 'base64')));
          deliveries.push(body.records.length);
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ requestId: body.requestId, timestamp: Date.now() }));
        }),
      );
      collectors.push(collector);
      const firehose = new FirehoseClient(clientConfig());
      try {
        const { DeliveryStreamARN: arn = '' } = await firehose.send(
          new CreateDeliveryStreamCommand({
            DeliveryStreamName: name,
            DeliveryStreamType: 'DirectPut',
            HttpEndpointDestinationConfiguration: {
              EndpointConfiguration: { Url: `http://127.0.0.1:${(collector.address() as AddressInfo).port}/`, Name: 'collector' },
              S3Configuration: { RoleARN: `arn:aws:iam::${MOTO_ACCOUNT}:role/firehose`, BucketARN: 'arn:aws:s3:::firehose-backup' },
            },
          }),
        );
        return {
          name,
          arn,
          records: () => [...records],
          deliveries: () => [...deliveries],
          clear() {
            records.length = 0;
            deliveries.length = 0;
          },
        };
      } finally {
        firehose.destroy();
      }
    },
    async stop() {
      for (const collector of collectors) {
        collector.closeAllConnections();
        collector.close();
      }
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
