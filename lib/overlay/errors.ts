/** Problems found in overlay files: each one names file, line, key path, what is wrong. */
import { formatPath, OVERLAY_PATH, type KeyPath } from '../shared/key-path';

export type { KeyPath };

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

export function formatProblem(p: OverlayProblem): string {
  const where = p.path.length ? `${formatPath(p.path, OVERLAY_PATH)}: ` : '';
  const position = p.line > 0 ? `:${p.line}:${p.col}` : '';
  return `${p.file}${position}: ${where}${p.message}`;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Stable order, whatever the locale: file, then position, then message — so reruns print the same lines. */
export function sortProblems(problems: OverlayProblem[]): OverlayProblem[] {
  return problems.sort((a, b) => byCodePoint(a.file, b.file) || a.line - b.line || a.col - b.col || byCodePoint(a.message, b.message));
}
