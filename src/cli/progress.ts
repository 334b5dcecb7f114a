import type { Io } from "./context.js";

/** Progress of long work on stderr: a line redrawn in place, shown only on a TTY. */
export interface Progress {
  /** Replaces the current progress line. */
  update(text: string): void;
  /** Prints a line that stays, such as a finished step. */
  line(text: string): void;
  /** Clears the progress line before other output. */
  done(): void;
}

const CLEAR_LINE = "\r\u001b[2K";

/**
 * A progress reporter for a command. It writes only when stderr is a TTY and the command is not
 * quiet, so pipes, CI logs and tests see no progress at all.
 */
export function createProgress(io: Io, options: { quiet?: boolean }): Progress {
  const enabled = Boolean(io.stderr.isTTY) && !options.quiet;
  let shown = false;
  return {
    update(text) {
      if (!enabled) return;
      io.stderr.write(`${CLEAR_LINE}${text}`);
      shown = true;
    },
    line(text) {
      if (!enabled) return;
      io.stderr.write(`${CLEAR_LINE}${text}\n`);
      shown = false;
    },
    done() {
      if (enabled && shown) io.stderr.write(CLEAR_LINE);
      shown = false;
    },
  };
}
