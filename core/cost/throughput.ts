/**
 * How much CPU firewatch's Lambdas spend per megabyte of inflated CloudWatch Logs data, as measured by our
 * own benchmark, kept as data with the command and the figures it came from. The cost model turns these
 * into Lambda GB-seconds. They are compute only: time a function spends waiting for OpenSearch or Kinesis
 * is billed too, and is an input of the model (`waitMsPerMb`), not a measurement.
 *
 * @module
 */

/** One measured rate. */
export interface Throughput {
  /** Milliseconds of one core per MB (10^6 bytes) of inflated CloudWatch Logs JSON. */
  readonly msPerMb: number;
  /** The command that measured it. */
  readonly command: string;
  /** The benchmark's own lines the figure is computed from. */
  readonly measured: string;
  readonly date: string;
}

/** The transformation Lambda in split mode (decode, parse, answer one document a record, plan re-ingestion). */
export const TRANSFORM_SPLIT: Throughput = {
  msPerMb: 23.4,
  command: 'npm run bench -- --quick',
  measured: 'transform: 1000 records x 10 MySQL general-log events, 1.00 MB gzip, 2.84 MB inflated: split 66.43 ms (66.43 / 2.84)',
  date: '2026-11-29',
};

/**
 * Decoding, shaping the endpoint's documents and building `_bulk` bodies, as the HTTP endpoint, the
 * subscription Lambda and the Kinesis consumer all do (the same document builder): the endpoint's
 * in-process figure, which includes reading the HTTP request.
 */
export const DOCUMENTS_TO_BULK: Throughput = {
  msPerMb: 26.3,
  command: 'npm run bench -- --quick',
  measured:
    'endpoint: 1000 records x 10 MySQL general-log events per request, 2.84 MB inflated: gzip, same process, one at a time 74.63 ms/request (74.63 / 2.84)',
  date: '2026-11-29',
};
