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

/** Renders a report; `objectsByFile` lets JUnit list clean objects as passed tests. */
export function render(report: Report, format: Format, objectsByFile?: ReadonlyMap<string, readonly string[]>): string {
  switch (format) {
    case 'text':
      return renderText(report);
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report);
    case 'junit':
      return renderJunit(report, objectsByFile);
  }
}
