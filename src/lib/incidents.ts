/**
 * Counts of things that went wrong without stopping the process (an unhandled rejection, a parser
 * bug), so health can report them. One set per process: the events themselves are process-wide.
 */
export const INCIDENT_KINDS = ['unhandledRejections', 'uncaughtExceptions', 'parserErrors'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export type IncidentCounts = Readonly<Record<IncidentKind, number>>;

export class IncidentCounters {
  private readonly counts = new Map<IncidentKind, number>(INCIDENT_KINDS.map((kind) => [kind, 0]));

  count(kind: IncidentKind): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  snapshot(): IncidentCounts {
    return Object.fromEntries(INCIDENT_KINDS.map((kind) => [kind, this.counts.get(kind) ?? 0])) as Record<IncidentKind, number>;
  }
}

export const incidents = new IncidentCounters();
