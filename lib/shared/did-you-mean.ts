/**
 * The typo heuristic shared by the overlay errors and the policy gate: the closest
 * candidate, if it is within a third of the word's length (at least 2 edits) of it.
 */
import { closest, distance } from 'fastest-levenshtein';

export function didYouMean(word: string, candidates: readonly string[], ignoreCase = false): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, [...candidates]);
  const edits = ignoreCase ? distance(word.toLowerCase(), best.toLowerCase()) : distance(word, best);
  return edits <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
