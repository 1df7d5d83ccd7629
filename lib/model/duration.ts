/** Durations in overlays are strings like `30s`, `5m`, `1h30m` (format `duration`). */
export function durationSeconds(value: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (!match || value === '') throw new Error(`not a duration: ${JSON.stringify(value)}`);
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}
