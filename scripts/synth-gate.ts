/**
 * `synth --check`: the policy gate on the files a synth is about to write, parsed the way kubectl
 * parses them. It lives with the command line so that lib/synth.ts never imports the gate.
 */
import type { Report } from '../lib/check';
import type { FolderOutput } from '../lib/render/write';

/** The rendered output failed the policy gate: nothing was written. */
export class GateError extends Error {
  constructor(readonly report: Report) {
    super(`the rendered output fails the policy gate: ${report.findings.length} finding(s)`);
    this.name = 'GateError';
  }
}

/**
 * Checks the files exactly as they would be written. The gate is loaded only here:
 * a plain synth does not pay for its schemas at start-up.
 */
export async function checkOutputs(outDir: string, outputs: readonly FolderOutput[]): Promise<Report> {
  const { checkManifests, parseManifests } = await import('../lib/check');
  const manifests = outputs.flatMap(({ folder, files }) =>
    [...files]
      .filter(([path]) => path.endsWith('.yaml'))
      .flatMap(([path, text]) => parseManifests(text, `${outDir}/${folder}/${path}`).manifests),
  );
  return checkManifests(manifests);
}

/** The `verify` step of `synthVerified`: a GateError on any finding, so nothing is written. */
export async function passGate(outDir: string, outputs: readonly FolderOutput[]): Promise<void> {
  const report = await checkOutputs(outDir, outputs);
  if (!report.passed) throw new GateError(report);
}
