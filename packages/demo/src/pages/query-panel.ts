// Below every page: the queries that request ran, which database answered each and why it went there.
import { escapeHtml } from "./escape.js";

/** One routing decision of the request (a RouteDecision of @userbridge/db). */
export interface ShownQuery {
  readonly model: string;
  readonly operation: string;
  /** The routed client: `shared` (the identity database) or `app` (this site's own). */
  readonly client: string;
  readonly reason: string;
}

/** Why a call went where it went, in a few words (the reasons of @userbridge/db's routing). */
export const REASONS: Readonly<Record<string, string>> = {
  "routed-model": "an identity model: the shared identity database",
  admin: "an /admin request: this site's own database",
  default: "this site's own model: its own database",
  pinned: "the session code names its database",
};

/** What a client name is, for people: `shared` is the identity database, `app` the site's own. */
export function databaseLabel(client: string, site: string): { label: string; kind: string } {
  if (client === "shared") return { label: "identity", kind: "identity" };
  if (client === "app") return { label: `${site} site's own`, kind: "own" };
  return { label: client, kind: "other" };
}

/** `post.findMany`; raw SQL and transactions (model `$raw`, `$transaction`) by their method alone. */
const callName = (query: ShownQuery) =>
  query.model.startsWith("$") ? query.operation : `${query.model}.${query.operation}`;

export function queryPanel(queries: readonly ShownQuery[], site: string): string {
  const rows = queries.map((query, index) => {
    const database = databaseLabel(query.client, site);
    return (
      `<tr data-model="${escapeHtml(query.model)}" data-operation="${escapeHtml(query.operation)}" ` +
      `data-database="${database.kind}" data-reason="${escapeHtml(query.reason)}">` +
      `<td>${index + 1}</td><td><code>${escapeHtml(callName(query))}</code></td>` +
      `<td class="${database.kind}">→ ${escapeHtml(database.label)}</td>` +
      `<td title="${escapeHtml(REASONS[query.reason] ?? "a custom router's reason")}">${escapeHtml(query.reason)}</td></tr>`
    );
  });
  const used = [...new Set(queries.map((query) => query.reason))].filter((reason) => REASONS[reason]);
  const legend = used.map(
    (reason) => `<strong>${escapeHtml(reason)}</strong>: ${escapeHtml(REASONS[reason] as string)}`,
  );
  const content =
    rows.length === 0
      ? `<p class="muted">No database queries (a session the session cache already knew needs none).</p>`
      : `<table>
<thead><tr><th>#</th><th>model.operation</th><th>database</th><th>reason</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
<p class="muted">${legend.join("; ")}.</p>`;
  return `<section class="queries" aria-label="Queries of this request">
<h2>Queries of this request (${queries.length})</h2>
${content}
</section>`;
}
