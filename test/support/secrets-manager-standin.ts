/**
 * A local stand-in for AWS Secrets Manager's `GetSecretValue`, speaking its wire protocol (AWS JSON 1.1)
 * so the real SDK client can be pointed at it (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, or `endpoint`).
 *
 * What it does, as Secrets Manager does: `POST /` with `X-Amz-Target: secretsmanager.GetSecretValue`,
 * `Content-Type: application/x-amz-json-1.1` and a body `{SecretId, VersionId?, VersionStage?}`
 * (AWSCURRENT when neither is given); the secret is found by name or by ARN; the answer is
 * `{ARN, Name, VersionId, SecretString, VersionStages, CreatedDate}` with `CreatedDate` in epoch seconds
 * (JSON 1.1's timestamp format); an unknown secret or a label no version carries answers 400
 * `{"__type":"ResourceNotFoundException","message":…}`. Versions move as `PutSecretValue` moves them:
 * the new one becomes AWSCURRENT, the one before AWSPREVIOUS. Signatures are recorded, not checked.
 *
 * @example
 * ```ts
 * const sm = await startSecretsManagerStandIn();
 * sm.putSecret('firewatch/key', '{"api_key":"k1"}'); // AWSCURRENT
 * sm.putSecret('firewatch/key', '{"api_key":"k2"}'); // k2 AWSCURRENT, k1 AWSPREVIOUS
 * sm.failRequests(2); // the next two requests answer 500 InternalServiceError
 * sm.requests; // [{ target, secretId, versionStage, status, authorization }]
 * await sm.close();
 * ```
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenOnLoopback } from './listen.ts';

const JSON_11 = 'application/x-amz-json-1.1';
const GET_SECRET_VALUE = 'secretsmanager.GetSecretValue';
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

/** One request received. */
export interface SecretsManagerRequest {
  /** `X-Amz-Target`. */
  readonly target: string;
  readonly secretId: string | undefined;
  readonly versionStage: string | undefined;
  /** The `Authorization` header (a SigV4 signature from the SDK). */
  readonly authorization: string | undefined;
  status: number;
}

interface SecretVersion {
  readonly versionId: string;
  readonly secretString: string;
  readonly created: number;
  stages: string[];
}

interface Secret {
  readonly name: string;
  readonly arn: string;
  readonly versions: SecretVersion[];
}

/** The running stand-in; see the module example. */
export interface SecretsManagerStandIn {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: SecretsManagerRequest[];
  /** Adds a version holding `secretString` as AWSCURRENT (creating the secret); the previous current one becomes AWSPREVIOUS. Returns the secret's ARN. */
  putSecret(name: string, secretString: string): string;
  /** Answers the next `count` requests (default: all until {@link recover}) with `status` and `__type`, as an outage does. */
  failRequests(count?: number, error?: { readonly status?: number; readonly type?: string }): void;
  /** Ends a {@link failRequests}. */
  recover(): void;
  close(): Promise<void>;
}

/** Starts a stand-in on 127.0.0.1 and a free port. */
export async function startSecretsManagerStandIn(): Promise<SecretsManagerStandIn> {
  const secrets = new Map<string, Secret>();
  const requests: SecretsManagerRequest[] = [];
  const fault = { left: 0, status: 500, type: 'InternalServiceError' };
  const server: Server = await listenOnLoopback(createServer({ keepAlive: true }));
  server.on('request', (req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) answer(res, 500, { __type: 'InternalServiceError', message: `stand-in: ${String(error)}` });
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    let input: { SecretId?: unknown; VersionId?: unknown; VersionStage?: unknown } = {};
    let parsed = true;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof input;
    } catch {
      parsed = false;
    }
    const log: SecretsManagerRequest = {
      target,
      secretId: typeof input.SecretId === 'string' ? input.SecretId : undefined,
      versionStage: typeof input.VersionStage === 'string' ? input.VersionStage : undefined,
      authorization: req.headers.authorization,
      status: 0,
    };
    requests.push(log);
    const reply = (status: number, body: unknown) => {
      log.status = status;
      answer(res, status, body);
    };
    if (fault.left > 0) {
      fault.left--;
      return reply(fault.status, { __type: fault.type, message: 'An error occurred on the server side. (injected)' });
    }
    if (req.method !== 'POST' || req.url !== '/') return reply(404, { __type: 'UnknownOperationException', message: `${req.method} ${req.url}` });
    if (!String(req.headers['content-type'] ?? '').startsWith(JSON_11)) {
      return reply(400, { __type: 'SerializationException', message: `Content-Type must be ${JSON_11}` });
    }
    if (target !== GET_SECRET_VALUE) return reply(400, { __type: 'UnknownOperationException', message: `the stand-in only answers ${GET_SECRET_VALUE}` });
    if (!parsed || log.secretId === undefined) return reply(400, { __type: 'InvalidParameterException', message: 'You must provide a SecretId.' });
    const secret = secrets.get(log.secretId) ?? [...secrets.values()].find((s) => s.arn === log.secretId);
    if (secret === undefined) return reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
    const versionId = typeof input.VersionId === 'string' ? input.VersionId : undefined;
    const stage = log.versionStage ?? (versionId === undefined ? 'AWSCURRENT' : undefined);
    const version = secret.versions.find((v) => (versionId === undefined || v.versionId === versionId) && (stage === undefined || v.stages.includes(stage)));
    if (version === undefined) {
      const what = stage === undefined ? `VersionId: ${versionId}` : `staging label: ${stage}`;
      return reply(400, { __type: 'ResourceNotFoundException', message: `Secrets Manager can't find the specified secret value for ${what}` });
    }
    return reply(200, {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      SecretString: version.secretString,
      VersionStages: version.stages,
      CreatedDate: version.created / 1000,
    });
  }

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    putSecret(name, secretString) {
      let secret = secrets.get(name);
      if (secret === undefined) {
        const suffix = randomUUID().replace(/-/g, '').slice(0, 6);
        secret = { name, arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${suffix}`, versions: [] };
        secrets.set(name, secret);
      }
      for (const version of secret.versions) {
        if (version.stages.includes('AWSCURRENT')) version.stages = ['AWSPREVIOUS'];
        else version.stages = version.stages.filter((s) => s !== 'AWSPREVIOUS');
      }
      secret.versions.push({ versionId: randomUUID(), secretString, created: Date.now(), stages: ['AWSCURRENT'] });
      return secret.arn;
    },
    failRequests(count = Number.POSITIVE_INFINITY, { status = 500, type = 'InternalServiceError' } = {}) {
      Object.assign(fault, { left: count, status, type });
    },
    recover() {
      fault.left = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': JSON_11, 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': randomUUID() });
  res.end(text);
}
