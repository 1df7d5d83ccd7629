/**
 * YAML syntax errors as a tired engineer needs them: one problem per mistake, at the line that
 * holds it, saying what to type. The parser reports symptoms: a tab yields five errors, an unquoted
 * cron schedule starting with a star four, an over-indented line is blamed on the line above it,
 * an unclosed quote on the end of the file. This module turns each known pattern back into its
 * cause and keeps only the first error otherwise, since later ones are usually knock-on effects.
 */
import { isAlias, isPair, isScalar, isSeq, visit, type Document, type LineCounter, type Node, type YAMLError } from 'yaml';
import type { OverlayProblem } from './errors';

type Problem = Omit<OverlayProblem, 'file'>;
const at = (line: number, col: number, message: string): Problem => ({ line, col, path: [], message });

export function yamlProblems(text: string, doc: Document, lines: LineCounter): Problem[] {
  const source = text.split('\n');
  const errors = doc.errors;
  const pos = (offset: number) => lines.linePos(offset);

  const tabs = errors.filter((e) => e.code === 'TAB_AS_INDENT');
  if (tabs.length) {
    return tabs.map((e) => at(pos(e.pos[0]).line, 1, 'a tab indents this line: YAML indents with spaces only — replace the tab with spaces'));
  }
  const duplicates = duplicateKeys(doc, lines);
  const syntax = errors.filter((e) => e.code !== 'DUPLICATE_KEY');
  if (!syntax.length) return duplicates;
  return [explain(syntax, source, pos), ...duplicates];
}

/** The first syntax error, explained by its cause where the pattern is known. */
function explain(errors: readonly YAMLError[], source: readonly string[], pos: (offset: number) => { line: number; col: number }): Problem {
  const [first] = errors;
  const start = pos(first.pos[0]);
  const lineText = (line: number) => source[line - 1] ?? '';

  const alias = errors.find((e) => e.code === 'UNEXPECTED_TOKEN' && /alias/i.test(e.message));
  if (alias) {
    const { line } = pos(alias.pos[0]);
    const match = /^(\s*(?:-\s+)?[^:#]+:\s+)(\*.*?)\s*(#.*)?$/.exec(lineText(line));
    const value = match?.[2] ?? lineText(line).trim();
    return at(line, (match?.[1].length ?? 0) + 1, `\`${value}\` starts with \`*\`, which YAML reads as an alias: quote the value ("${value}")`);
  }
  if (first.code === 'MISSING_CHAR' && /closing "?quote|closing '/i.test(first.message)) {
    const quote = /"quote/.test(first.message) ? '"' : "'";
    const line = unclosedQuoteLine(source, quote) ?? start.line;
    return at(line, lineText(line).indexOf(quote) + 1, `this ${quote === '"' ? 'double' : 'single'} quote is never closed: end the value with ${quote} on the same line`);
  }
  if (first.code === 'BLOCK_AS_IMPLICIT_KEY' && /sequence/.test(first.message)) {
    const line = pos(first.pos[1]).line;
    return at(line, 1, `this list item is not indented under its key (\`${lineText(line - 1).trim() || lineText(start.line).trim()}\` above): indent it deeper than that key`);
  }
  if (first.code === 'BLOCK_AS_IMPLICIT_KEY' && /mappings/.test(first.message)) {
    const line = start.line + 1;
    const indent = lineText(line).length - lineText(line).trimStart().length;
    return at(line, indent + 1, `this line is indented deeper than \`${lineText(start.line).trim()}\` above it, which already has a value: align it with the keys of its map`);
  }
  return at(start.line, start.col, `YAML syntax error: ${firstLine(first.message)}`);
}

/** The first line with an odd number of `quote` characters outside comments: where a quote opens and never closes. */
function unclosedQuoteLine(source: readonly string[], quote: string): number | undefined {
  const index = source.findIndex((line) => {
    const withoutEscapes = quote === '"' ? line.replace(/\\./g, '') : line.replace(/''/g, '');
    return (withoutEscapes.split(quote).length - 1) % 2 === 1;
  });
  return index < 0 ? undefined : index + 1;
}

/** Each repeated key in a map, naming the key and where it first appears. */
function duplicateKeys(doc: Document, lines: LineCounter): Problem[] {
  const problems: Problem[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, number>();
      for (const item of map.items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        const key = String(item.key.value);
        const offset = (item.key as Node).range?.[0] ?? 0;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, offset);
        else {
          const { line, col } = lines.linePos(offset);
          problems.push(at(line, col, `duplicate key \`${key}\` (first at line ${lines.linePos(first).line}): each key may appear once in a map — keep one`));
        }
      }
    },
  });
  return problems;
}

/** An alias (`*name`) that no anchor (`&name`) above it defines. */
export function unresolvedAlias(doc: Document, lines: LineCounter): Problem | undefined {
  let problem: Problem | undefined;
  visit(doc, {
    Alias(_, alias) {
      if (!isAlias(alias) || alias.resolve(doc) !== undefined) return undefined;
      const { line, col } = lines.linePos(alias.range?.[0] ?? 0);
      problem = at(line, col, `\`*${alias.source}\` is an alias, but no anchor \`&${alias.source}\` is defined above it: define the anchor first, or quote the value if \`*\` is meant literally`);
      return visit.BREAK;
    },
  });
  return problem;
}

/**
 * A key with nothing after it (`worker:` and the next line dedented) parses as null, which removes
 * the key: an environment file would silently drop a whole service. Removing takes an explicit `null`.
 */
export function emptyValues(doc: Document, lines: LineCounter): Problem[] {
  const problems: Problem[] = [];
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || !isScalar(pair.value) || pair.value.value !== null || pair.value.source !== '') return;
      const key = String(pair.key.value);
      const { line, col } = lines.linePos((pair.key as Node).range?.[0] ?? 0);
      problems.push({
        line, col, path: [...keyPathOf(ancestors), key],
        message: `\`${key}:\` has nothing under it, which would remove \`${key}\`: indent its keys under it, or write \`${key}: null\` to remove it on purpose`,
      });
    },
  });
  return problems;
}

/** The key path of the node below `ancestors` (as `visit` passes them). */
function keyPathOf(ancestors: readonly unknown[]): (string | number)[] {
  const path: (string | number)[] = [];
  ancestors.forEach((node, i) => {
    if (isPair(node) && isScalar(node.key)) path.push(String(node.key.value));
    else if (isSeq(node)) path.push(node.items.indexOf(ancestors[i + 1] as Node));
  });
  return path;
}

/** Binary content: NUL bytes, or bytes that are not UTF-8. */
export function isBinary(text: string): boolean {
  return text.includes('\u0000') || (text.match(/\uFFFD/g)?.length ?? 0) > 2;
}

export function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
