/**
 * The Node server on its own, without the rest of the CLI: `node --import tsx scripts/serve.ts [--port N]
 * [--host H] [--data DIR]`, the same as `firewatch serve` (and `npm start`). Configuration comes from the
 * environment; see core/endpoint/config.ts.
 *
 * @module
 */
import { standardOutputs } from './cli/io.ts';
import { serveCommand } from './cli/serve.ts';

const { out, err } = standardOutputs();
try {
  process.exitCode = await serveCommand(process.argv.slice(2), out);
} catch (error) {
  await err.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof Error && error.name === 'UsageError' ? 2 : 1;
} finally {
  await out.flush();
  await err.flush();
}
