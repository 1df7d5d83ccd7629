/** PromQL string literals, read as Prometheus' lexer reads them (Go escapes; backticks are raw). */

export interface UnquoteError {
  readonly error: string;
  /** Offset of the bad escape in the literal's body (after the opening quote). */
  readonly at: number;
}

/** One escape sequence read: the text it stands for and how many characters it took, backslash included. */
interface Escape {
  readonly value: string;
  readonly length: number;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
/** Hex digits after \x, \u and \U. */
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A PromQL string literal's value, as Prometheus' lexer reads it (Go escapes; backticks are raw). */
export function unquoteString(literal: string): string | UnquoteError {
  const quote = literal[0]!;
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; ) {
    if (body[i] !== '\\') {
      out += body[i];
      i++;
      continue;
    }
    const escape = readEscape(body, i, quote);
    if ('error' in escape) return escape;
    out += escape.value;
    i += escape.length;
  }
  return out;
}

/** The escape sequence whose backslash is at `i`. */
function readEscape(body: string, i: number, quote: string): Escape | UnquoteError {
  const e = body[i + 1];
  const at = i + 1;
  if (e === undefined) return { error: 'escape sequence not terminated', at };
  if (e in SIMPLE_ESCAPES) return { value: SIMPLE_ESCAPES[e]!, length: 2 };
  if (e === quote) return { value: e, length: 2 };
  if (/[0-7]/.test(e)) return octalEscape(body, i);
  if (e in HEX_DIGITS) return hexEscape(body, i, e, HEX_DIGITS[e]!);
  return { error: `unknown escape sequence \\${e} in a string (write \\\\${e} for a regex escape)`, at };
}

/** `\NNN`: exactly three octal digits, at most \377. */
function octalEscape(body: string, i: number): Escape | UnquoteError {
  const digits = body.slice(i + 1, i + 4);
  if (!/^[0-7]{3}$/.test(digits) || parseInt(digits, 8) > 255) return { error: `invalid octal escape \\${digits}`, at: i + 1 };
  return { value: String.fromCharCode(parseInt(digits, 8)), length: 4 };
}

/** `\xHH`, `\uHHHH`, `\UHHHHHHHH`: a valid Unicode code point, no surrogate. */
function hexEscape(body: string, i: number, letter: string, count: number): Escape | UnquoteError {
  const digits = body.slice(i + 2, i + 2 + count);
  const at = i + 1;
  if (!new RegExp(`^[0-9a-fA-F]{${count}}$`).test(digits)) return { error: `invalid escape sequence \\${letter}${digits}`, at };
  const code = parseInt(digits, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) return { error: `invalid Unicode code point \\${letter}${digits}`, at };
  return { value: String.fromCodePoint(code), length: 2 + count };
}
