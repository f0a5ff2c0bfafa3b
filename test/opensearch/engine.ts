/**
 * The real OpenSearch firewatch is tested against, from Node: builds the launcher (test/opensearch/pom.xml
 * and src/FirewatchOpenSearch.java) with Maven into `.cache/` on first use, starts it in one JVM holding
 * one or more single-node clusters on 127.0.0.1, and stops it. Used by the vitest global setup
 * (test/setup/opensearch.ts) and by `npm run opensearch` (scripts/opensearch-local.ts).
 *
 * The JVM stops by itself when its standard input closes, so an engine never outlives the Node process
 * that started it, even when that one is killed.
 *
 * @example
 * ```ts
 * const engine = await startEngine({ nodes: [{ name: 'main' }], logPath: '.cache/opensearch/last-run.log' });
 * await fetch(`${engine.urls.main}/_cluster/health`);
 * await engine.stop();
 * ```
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LAUNCHER_DIR = join(REPO_ROOT, 'test', 'opensearch');
const POM = join(LAUNCHER_DIR, 'pom.xml');
const SOURCE = join(LAUNCHER_DIR, 'src', 'FirewatchOpenSearch.java');
/** Maven's download cache, inside the repository and ignored, so later runs work offline. */
export const MAVEN_REPO = join(REPO_ROOT, '.cache', 'maven');
const BUILD_DIR = join(REPO_ROOT, '.cache', 'opensearch', 'build');
const CLASSPATH_FILE = join(BUILD_DIR, 'classpath.txt');
const MAIN_CLASS_FILE = join(BUILD_DIR, 'classes', 'FirewatchOpenSearch.class');
/** Touched after each successful build: Maven leaves files it would write unchanged untouched. */
const BUILT_STAMP = join(BUILD_DIR, 'built.stamp');

/** One cluster of the engine: a name and the node settings it starts with (`http.max_content_length`, ...). */
export interface EngineNode {
  readonly name: string;
  readonly settings?: Readonly<Record<string, string>>;
}

/** Options of {@link startEngine}. */
export interface EngineOptions {
  readonly nodes: readonly EngineNode[];
  /** Where the JVM's output goes (replaced on every start). */
  readonly logPath: string;
  /** Java heap, e.g. `512m`. Default `512m`. */
  readonly heap?: string;
  /** Data directory; default a fresh temporary one, removed by `stop()`. A given one is kept. */
  readonly home?: string;
  /** Longest wait for every node to answer. Default 180 s (a cold JVM on a busy 2-core machine). */
  readonly startTimeoutMs?: number;
}

/** A running engine. */
export interface RunningEngine {
  /** Base URL per node name, e.g. `{ main: 'http://127.0.0.1:40123' }`. */
  readonly urls: Readonly<Record<string, string>>;
  readonly pid: number;
  readonly logPath: string;
  /** Milliseconds from spawning the JVM until the last node answered. */
  readonly startMs: number;
  /** Closes the nodes and waits for the JVM to exit (killing it after a grace period). */
  stop(): Promise<void>;
}

/** Why the engine cannot run on this machine (no Java, and no Maven to build the launcher), or undefined when it can. */
export function engineUnavailable(): string | undefined {
  if (!commandWorks('java', ['-version'])) return 'no Java on PATH (the live OpenSearch suites need Java 17 and Maven; see README prerequisites)';
  if (!launcherBuilt() && !commandWorks('mvn', ['-v'])) {
    return 'no Maven on PATH to fetch OpenSearch (the live OpenSearch suites need Java 17 and Maven; see README prerequisites)';
  }
  return undefined;
}

function commandWorks(command: string, args: readonly string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 });
  return result.error === undefined && result.status === 0;
}

/** Whether the launcher is compiled and every jar of its classpath is in the cache, newer than its sources. */
function launcherBuilt(): boolean {
  if (!existsSync(CLASSPATH_FILE) || !existsSync(MAIN_CLASS_FILE) || !existsSync(BUILT_STAMP)) return false;
  const built = statSync(BUILT_STAMP).mtimeMs;
  if (statSync(POM).mtimeMs > built || statSync(SOURCE).mtimeMs > built) return false;
  return readClasspath().every((jar) => existsSync(jar));
}

function readClasspath(): string[] {
  return readFileSync(CLASSPATH_FILE, 'utf8').trim().split(':').filter(Boolean);
}

/**
 * Compiles the launcher and fetches OpenSearch from Maven Central into `.cache/maven`, unless that was
 * done already. Returns the Java classpath.
 */
export function buildLauncher(log: (line: string) => void = () => undefined): string {
  if (!launcherBuilt()) {
    log(`fetching OpenSearch with Maven into ${MAVEN_REPO} (first run only)`);
    const result = spawnSync('mvn', ['-q', '-B', '-f', POM, `-Dmaven.repo.local=${MAVEN_REPO}`, 'compile'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 20 * 60_000,
    });
    if (result.error !== undefined || result.status !== 0) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
      throw new Error(`mvn compile of ${POM} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
    }
    writeFileSync(BUILT_STAMP, `${new Date().toISOString()}\n`);
  }
  return [...readClasspath(), join(BUILD_DIR, 'classes')].join(':');
}

const READY = /firewatch-opensearch ready (\S+) (http:\/\/127\.0\.0\.1:\d+)/;

/** Builds the launcher if needed, starts the JVM and resolves once every node answers. */
export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const classpath = buildLauncher();
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'firewatch-opensearch-'));
  const ownHome = options.home === undefined;
  mkdirSync(dirname(options.logPath), { recursive: true });
  const log = createWriteStream(options.logPath);
  const args = [
    `-Xms${options.heap ?? '512m'}`,
    `-Xmx${options.heap ?? '512m'}`,
    '-XX:+UseSerialGC',
    '-Dlog4j2.disable.jmx=true',
    '-cp',
    classpath,
    'FirewatchOpenSearch',
    '--home',
    home,
  ];
  for (const node of options.nodes) {
    args.push('--node', node.name);
    for (const [key, value] of Object.entries(node.settings ?? {})) args.push(`-E${key}=${value}`);
  }
  const started = performance.now();
  const child = spawn('java', args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const urls: Record<string, string> = {};
  let startMs = 0;

  const stop = async () => {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    log.end();
    if (ownHome) rmSync(home, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((ready, failed) => {
      const timer = setTimeout(
        () => failed(new Error(`OpenSearch did not start within ${options.startTimeoutMs ?? 180_000} ms; see ${options.logPath}`)),
        options.startTimeoutMs ?? 180_000,
      );
      let pending = '';
      child.stdout.on('data', (chunk: Buffer) => {
        log.write(chunk);
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const match = READY.exec(line);
          if (match) urls[match[1]!] = match[2]!;
        }
        if (options.nodes.every((node) => urls[node.name] !== undefined)) {
          clearTimeout(timer);
          startMs = Math.round(performance.now() - started);
          ready();
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        failed(error);
      });
      void exited.then((code) => {
        clearTimeout(timer);
        failed(new Error(`OpenSearch exited with code ${code} before it answered; see ${options.logPath}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, pid: child.pid!, logPath: options.logPath, startMs, stop };
}
