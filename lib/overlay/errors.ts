/** Problems found in overlay files: each one names file, line, key path, what is wrong. */

export type KeyPath = ReadonlyArray<string | number>;

export interface OverlayProblem {
  readonly file: string;
  /** 1-based; 0 when the problem is about the file or folder as a whole. */
  readonly line: number;
  readonly col: number;
  /** Key path inside the overlay, e.g. ['services', 'api', 'replicas']; [] for the whole file. */
  readonly path: KeyPath;
  readonly message: string;
}

/** Thrown when the stack cannot be rendered because of bad input; the CLI prints it and exits 2. */
export class OverlayError extends Error {
  constructor(readonly problems: readonly OverlayProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'OverlayError';
  }
}

export function formatPath(path: KeyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += (out ? '.' : '') + (/^[\w-]+$/.test(segment) ? segment : JSON.stringify(segment));
  }
  return out;
}

export function formatProblem(p: OverlayProblem): string {
  const where = p.path.length ? `${formatPath(p.path)}: ` : '';
  const position = p.line > 0 ? `:${p.line}:${p.col}` : '';
  return `${p.file}${position}: ${where}${p.message}`;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Stable order, whatever the locale: file, then position, then message — so reruns print the same lines. */
export function sortProblems(problems: OverlayProblem[]): OverlayProblem[] {
  return problems.sort((a, b) => byCodePoint(a.file, b.file) || a.line - b.line || a.col - b.col || byCodePoint(a.message, b.message));
}
