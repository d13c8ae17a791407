// `GET /admin`: this site's own admin, separate from the shared login, and what its own database holds.
import { credentialsForm, escapeHtml, layout, type PageContext, type PageUser, who } from "./layout.js";

/** What a logged-in admin sees of this site's own database. */
export interface AdminView {
  readonly admin: PageUser;
  /** This site's own users (its admins), not the shared ones. */
  readonly users: readonly PageUser[];
  /** e.g. `[["posts", 3]]` */
  readonly counts: readonly (readonly [string, number])[];
}

export function adminPage(context: PageContext, view: AdminView | null): string {
  const site = escapeHtml(context.site);
  if (!view) {
    const status =
      `<p class="status anonymous">Not logged in to this site's admin. Admins are this site's own users ` +
      `(<code>pnpm demo:admin ${site} &lt;email&gt; &lt;password&gt;</code>); a shared login does not work here.</p>`;
    return layout(
      context,
      "Admin",
      `${status}\n${credentialsForm("/admin/login", "Log in to admin", false)}`,
    );
  }
  const users = view.users.map((user) => `<li>${who(user)}</li>`).join("\n");
  const counts = view.counts.map(([what, count]) => `<li>${count} ${escapeHtml(what)}</li>`).join("\n");
  const body = `<p class="status">Admin of the ${site} site: <strong>${who(view.admin)}</strong>.</p>
<h2>This site's own users (its admins, in its own database)</h2>
<ul class="rows">
${users}
</ul>
<h2>This site's own data</h2>
<ul class="rows">
${counts}
</ul>
<form method="post" action="/admin/logout"><button type="submit">Log out of admin</button></form>`;
  return layout(context, "Admin", body);
}
