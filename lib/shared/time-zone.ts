/** IANA time zone names, as Kubernetes CronJobs (Go's time.LoadLocation) take them; shared by the overlay formats and the gate. */

/**
 * Why a timeZone is not an IANA zone name the controller can load, or
 * undefined when it is. Validity comes from the ICU data behind Intl (the same
 * IANA database Go's time.LoadLocation reads); names are case-sensitive there,
 * so a name Intl only accepts in another case is reported too.
 */
export function timeZoneProblem(zone: string): string | undefined {
  if (zone === '') return 'is empty (the API rejects it; leave the field out or name a zone)';
  if (zone === 'Local') return 'is "Local", which the API rejects';
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return 'is not an IANA time zone name (e.g. Etc/UTC, Europe/Berlin)';
  }
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) return `is not spelled as in the IANA database (zone names are case-sensitive: ${JSON.stringify(resolved)})`;
  return undefined;
}

