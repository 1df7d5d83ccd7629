/**
 * The exit codes of every command (synth, diff, check, verify, test:rules), so CI can tell
 * "something to fix" from "could not even look".
 */

/** Done, nothing to report: written (synth), current (diff), clean (check; warnings allowed), every step passed (verify). */
export const EXIT_CLEAN = 0;

/** Findings: violations (check, synth --check), a stale `dist/` (diff), a failed step (verify), failed promtool runs (test:rules). */
export const EXIT_FINDINGS = 1;

/** Unusable input (a bad overlay, flag or path, broken YAML) or a missing tool: nothing was written. */
export const EXIT_UNUSABLE = 2;
