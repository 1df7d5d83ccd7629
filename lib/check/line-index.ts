/**
 * Maps key paths in a YAML text to 1-based lines, from js-yaml's event stream.
 * Built on first use only: a clean file is never indexed, so lines cost
 * nothing until a finding needs one.
 */
import { EVENT_ID, getScalarValue, parseEvents, type Event } from 'js-yaml';
import type { KeyPath } from './types';

/** The source offset where an event's node starts, or -1 when it has none (an empty scalar). */
function offsetOf(event: Event): number {
  switch (event.type) {
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return event.start;
    case EVENT_ID.SCALAR:
      return event.anchorStart >= 0 ? event.anchorStart - 1 : event.valueStart;
    case EVENT_ID.ALIAS:
      return event.anchorStart - 1;
    default:
      return -1;
  }
}

export class LineIndex {
  private lineStarts: number[] | undefined;
  private events: Event[] | undefined;
  /** For each event, the index just past its node (past the matching POP for collections). */
  private ends: Int32Array | undefined;
  /** For each document, the index of its root node's event. */
  private roots: number[] | undefined;

  constructor(private readonly text: string) {}

  /** The offset of each document's root node, from an event stream already parsed. */
  static rootOffsets(events: readonly Event[]): number[] {
    const roots: number[] = [];
    events.forEach((event, index) => {
      if (event.type === EVENT_ID.DOCUMENT) roots.push(offsetOf(events[index + 1]!));
    });
    return roots;
  }

  /** 1-based line and column of a source offset (line 1, column 1 for an unknown offset). */
  position(offset: number): { line: number; col: number } {
    if (offset < 0) return { line: 1, col: 1 };
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - starts[low]! + 1 };
  }

  /**
   * The line of the key at `path` in document `docIndex` (of the item, for a
   * list index). A path that goes past what exists resolves to the deepest part
   * that does, so a "field missing" finding points at the object that should
   * carry it.
   */
  lineOf(docIndex: number, path: KeyPath): number {
    const { events, ends, roots } = this.build();
    let at = roots[docIndex];
    if (at === undefined) return 1;
    let line = this.lineAt(offsetOf(events[at]!), 1);
    for (const segment of path) {
      const node = events[at]!;
      let next = -1;
      if (node.type === EVENT_ID.MAPPING) {
        const wanted = String(segment);
        for (let key = at + 1; events[key]!.type !== EVENT_ID.POP; key = ends[ends[key]!]!) {
          const keyEvent = events[key]!;
          if (keyEvent.type === EVENT_ID.SCALAR && getScalarValue(this.text, keyEvent) === wanted) {
            line = this.lineAt(offsetOf(keyEvent), line);
            next = ends[key]!;
            break;
          }
        }
      } else if (node.type === EVENT_ID.SEQUENCE && typeof segment === 'number') {
        let item = at + 1;
        for (let i = 0; i < segment && events[item]!.type !== EVENT_ID.POP; i++) item = ends[item]!;
        if (events[item]!.type !== EVENT_ID.POP) {
          line = this.lineAt(offsetOf(events[item]!), line);
          next = item;
        }
      }
      if (next < 0) break;
      at = next;
    }
    return line;
  }

  private lineAt(offset: number, fallback: number): number {
    return offset < 0 ? fallback : this.position(offset).line;
  }

  private build(): { events: Event[]; ends: Int32Array; roots: number[] } {
    if (this.events && this.ends && this.roots) return { events: this.events, ends: this.ends, roots: this.roots };
    const events = parseEvents(this.text, {});
    const ends = new Int32Array(events.length);
    const roots: number[] = [];
    const open: number[] = [];
    events.forEach((event, index) => {
      switch (event.type) {
        case EVENT_ID.DOCUMENT:
          roots.push(index + 1);
          open.push(index);
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE:
          open.push(index);
          break;
        case EVENT_ID.POP:
          ends[open.pop()!] = index + 1;
          ends[index] = index + 1;
          break;
        default:
          ends[index] = index + 1;
      }
    });
    this.events = events;
    this.ends = ends;
    this.roots = roots;
    return { events, ends, roots };
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
