/** The output formats, by name, for the CLI and for callers such as the synth. */
import type { Report } from '../engine';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderSarif } from './sarif';
import { renderText } from './text';

export const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

export interface RenderOptions {
  /** JUnit: every object by file, so clean objects are listed as passed tests. */
  readonly objectsByFile?: ReadonlyMap<string, readonly string[]>;
  /** SARIF: the folder relative uris start from. @default the working directory */
  readonly base?: string;
}

export function render(report: Report, format: Format, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(report);
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, options.base);
    case 'junit':
      return renderJunit(report, options.objectsByFile);
  }
}
