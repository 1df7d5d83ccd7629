/**
 * `schemaVersion:` in an overlay file names the overlay schema it was written for. A file for
 * another version gets one clear message (what to upgrade) instead of a page of unknown keys.
 */
import { SCHEMA_VERSION } from '../model/schema';
import type { OverlayProblem } from './errors';
import type { OverlaySource } from './source';

export function schemaVersionProblems(source: OverlaySource): OverlayProblem[] {
  const version = (source.data as Record<string, unknown>).schemaVersion;
  if (version === undefined || version === SCHEMA_VERSION || !Number.isInteger(version)) return [];
  const { line, col } = source.locate(['schemaVersion']);
  const what = (version as number) > SCHEMA_VERSION
    ? `this file is written for overlay schema ${version}, and this cdk8s-stack reads schema ${SCHEMA_VERSION}: upgrade cdk8s-stack`
    : `overlay schema ${version} is older than ${SCHEMA_VERSION}: follow "Upgrading overlays" in cdk8s-stack's CHANGELOG.md, then set \`schemaVersion: ${SCHEMA_VERSION}\``;
  return [{ file: source.file, line, col, path: ['schemaVersion'], message: what }];
}
