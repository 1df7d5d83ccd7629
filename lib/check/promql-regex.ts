/**
 * Label regexes as Prometheus compiles them (Go's RE2), approximated with JS
 * RegExp after rejecting what RE2 lacks and translating what JS lacks.
 */

/**
 * Why RE2 (Go's regexp) would reject a pattern that JS RegExp may accept, or
 * why neither accepts it; undefined when it compiles. An approximation: RE2
 * has no lookaround or backreferences and caps repetition at 1000; it has
 * inline flags, `(?P<name>...)` and POSIX classes that JS lacks.
 */
export function re2Error(pattern: string): string | undefined {
  if (/\(\?<?[=!]/.test(pattern)) return 'lookaround assertions ((?=, (?!, (?<=, (?<!) are not supported by RE2';
  if (/(^|[^\\])(\\\\)*\\[1-9]/.test(pattern)) return 'backreferences (\\1...) are not supported by RE2';
  for (const match of pattern.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (Number(match[1]) > 1000 || Number(match[2] || 0) > 1000) return `invalid repeat count ${match[0]} (RE2 allows at most 1000)`;
  }
  try {
    new RegExp(translateRe2(pattern), 's');
    return undefined;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).replace(/^Invalid regular expression: \/.*\/\w*: /, '');
  }
}

/** Whether a pattern that compiles (re2Error is undefined) matches the empty string, anchored as Prometheus anchors label regexes. */
export function re2MatchesEmpty(pattern: string): boolean {
  return new RegExp(`^(?:${translateRe2(pattern)})$`, 's').test('');
}

/** RE2 syntax JS lacks, rewritten to something JS compiles with the same validity. */
function translateRe2(pattern: string): string {
  return pattern
    .replace(/\(\?[imsU-]+\)/g, '') // inline flags (?i)
    .replace(/\(\?[imsU-]+:/g, '(?:') // flag groups (?i:...)
    .replace(/\(\?P</g, '(?<') // named groups (?P<name>...)
    .replace(/\[:\^?[a-z]+:\]/g, 'a') // POSIX classes [[:alpha:]]
    .replace(/\\[pP](\{[^}]*\}|[A-Za-z])/g, 'a') // Unicode classes \pL, \p{Greek}
    .replace(/\\[Qz]|\\E|\\A/g, ''); // \A, \z, \Q...\E
}
