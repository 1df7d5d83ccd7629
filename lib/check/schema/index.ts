import type { Manifest, Violation } from '../types';

/** Placeholder until the strict schema validator lands: validates nothing. */
export function validateSchema(_manifest: Manifest): Violation[] {
  return [];
}
