import { describe, expect, it } from "vitest";
import { databaseLabel, queryPanel } from "./query-panel.js";

describe("queryPanel", () => {
  it("names the databases by what they are and gives each query's reason", () => {
    const html = queryPanel(
      [
        { model: "session", operation: "findUnique", client: "shared", reason: "pinned" },
        { model: "post", operation: "findMany", client: "app", reason: "default" },
        { model: "user", operation: "findMany", client: "shared", reason: "routed-model" },
      ],
      "old",
    );
    expect(html).toContain("Queries of this request (3)");
    expect(html).toContain(
      '<tr data-model="post" data-operation="findMany" data-database="own" data-reason="default">',
    );
    expect(html).toContain('<code>user.findMany</code></td><td class="identity">→ identity</td>');
    expect(html).toContain("→ old site&#39;s own");
    expect(html).toContain("<strong>routed-model</strong>: an identity model");
  });

  it("says when a request ran no query, and escapes a custom router's names", () => {
    expect(queryPanel([], "new")).toContain("No database queries");
    const html = queryPanel([{ model: "<x>", operation: "count", client: "replica", reason: '"r"' }], "new");
    expect(html).toContain("&lt;x&gt;.count");
    expect(html).toContain("&quot;r&quot;");
    expect(databaseLabel("replica", "new")).toEqual({ label: "replica", kind: "other" });
  });
});
