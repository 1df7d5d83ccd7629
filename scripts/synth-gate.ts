/**
 * The policy gate on the files a synth is about to write, parsed the way kubectl parses them:
 * every folder with `synth --check`, and always the folders of production overlays
 * (`stack.tier: production`), which also get the production checks (single-point-of-failure).
 * It lives with the command line so that lib/synth.ts never imports the gate.
 */
import type { Report } from '../lib/check';
import type { FolderOutput } from '../lib/render/write';
import type { RenderedFolder, VerifyOutputs } from '../lib/synth';

/** The rendered output failed the policy gate: nothing was written. */
export class GateError extends Error {
  constructor(
    readonly report: Report,
    /** Rendered file (as the findings name it) → where in the overlays its object comes from. */
    readonly origins: ReadonlyMap<string, string> = new Map(),
  ) {
    super(`the rendered output fails the policy gate: ${report.findings.length} finding(s)`);
    this.name = 'GateError';
  }

  /** One line per rendered file with an unwaived finding: the overlay key that produced its object. */
  originLines(): string[] {
    const files = [...new Set(this.report.findings.filter((f) => !f.waived).map((f) => f.file))].sort();
    const lines = files.flatMap((file) => (this.origins.has(file) ? [`  ${file} ← ${this.origins.get(file)}`] : []));
    return lines.length ? ['Where these objects come from in the overlays:', ...lines] : [];
  }
}

/**
 * Checks the files exactly as they would be written; `production` adds the production checks.
 * The gate is loaded only here: a synth that checks nothing does not pay for its schemas.
 */
export async function checkOutputs(outDir: string, outputs: readonly FolderOutput[], production = false): Promise<Report> {
  const { checkManifests, parseManifests, policyChecks } = await import('../lib/check');
  const manifests = outputs.flatMap(({ folder, files }) =>
    [...files]
      .filter(([path]) => path.endsWith('.yaml'))
      .flatMap(([path, text]) => parseManifests(text, `${outDir}/${folder}/${path}`).manifests),
  );
  return checkManifests(manifests, { checks: policyChecks({ production }) });
}

/**
 * The `verify` step of `synthVerified`: production folders are checked (together) with the
 * production checks; with `all`, the other folders are checked (together) too. A GateError on
 * any unwaived finding, so nothing is written.
 */
export function gateFor(all: boolean): VerifyOutputs {
  return async (outDir: string, outputs: readonly RenderedFolder[]) => {
    const production = outputs.filter((output) => output.production);
    const standard = all ? outputs.filter((output) => !output.production) : [];
    for (const [folders, isProduction] of [[production, true], [standard, false]] as const) {
      if (folders.length === 0) continue;
      const report = await checkOutputs(outDir, folders, isProduction);
      if (!report.passed) throw new GateError(report, originsOf(outDir, folders));
    }
  };
}

function originsOf(outDir: string, folders: readonly RenderedFolder[]): Map<string, string> {
  return new Map(folders.flatMap(({ folder, origins }) => [...(origins ?? [])].map(([path, origin]) => [`${outDir}/${folder}/${path}`, origin] as const)));
}

/** `synth --check`: every folder through the gate (production folders with the production checks). */
export const passGate: VerifyOutputs = gateFor(true);
