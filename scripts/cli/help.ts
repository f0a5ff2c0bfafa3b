/**
 * The CLI's help, rendered from the command table in scripts/cli.ts: a short overview for `firewatch`,
 * `firewatch help` and `--help`, and each command's own page for `firewatch <command> --help` (or
 * `firewatch help <command>`). A usage error prints one line pointing at the command's page instead of
 * either.
 *
 * @module
 */

/** What the help says about one command. */
export interface CommandHelp {
  readonly name: string;
  /** One line for the overview. */
  readonly summary: string;
  /** The synopsis, one or more lines starting `firewatch <name>`. */
  readonly synopsis: string;
  /** What it does and its options, indented by two spaces. */
  readonly details: string;
}

/** Said at the end of every page. */
export const EXIT_STATUS = `Exit status: 0 success; 1 bad input or a failed request (one line per problem on stderr,
e.g. "firewatch: records[3].data: gzip data ends before its 8-byte trailer"); 2 wrong usage.`;

/**
 * The overview: what firewatch is, the commands with one line each, how to get more.
 *
 * @example
 * ```ts
 * process.stdout.write(overview(COMMANDS, "0.1.0"));
 * ```
 */
export function overview(commands: readonly CommandHelp[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `firewatch ${version}: CloudWatch Logs → Kinesis → Firehose → OpenSearch data, decoded and transformed offline,
and the Firehose HTTP endpoint that indexes it.

Usage: firewatch <command> [options]        firewatch <command> --help shows a command's options

Commands:
${lines.join('\n')}

Try it:
  npx firewatch sample | npx firewatch transform        what the transformation Lambda answers, as a table
  npm start                                             the HTTP endpoint on http://127.0.0.1:8080
  npx firewatch send http://127.0.0.1:8080/             a sample delivery to it (documents land under ./data)

--version prints the version. FILE "-" or no FILE reads stdin.
${EXIT_STATUS}
`;
}

/**
 * One command's page.
 *
 * @example
 * ```ts
 * process.stdout.write(commandPage(COMMANDS.find((c) => c.name === "send")!));
 * ```
 */
export function commandPage(command: CommandHelp): string {
  return `${command.synopsis}

${command.details}

${EXIT_STATUS}
`;
}
