// The query panel of a demo page, read back from its HTML (pages/query-panel.ts writes one row per query).

export interface PanelRow {
  readonly model: string;
  readonly operation: string;
  /** `identity` or `own` (this site's own database). */
  readonly database: string;
  readonly reason: string;
}

export function panelRows(html: string): PanelRow[] {
  const rows = html.matchAll(
    /<tr data-model="([^"]*)" data-operation="([^"]*)" data-database="([^"]*)" data-reason="([^"]*)">/g,
  );
  return [...rows].map(([, model = "", operation = "", database = "", reason = ""]) => ({
    model,
    operation,
    database,
    reason,
  }));
}

/** `model.operation database reason`, the form assertions read best in. */
export function panelLines(html: string): string[] {
  return panelRows(html).map((row) => `${row.model}.${row.operation} ${row.database} ${row.reason}`);
}
