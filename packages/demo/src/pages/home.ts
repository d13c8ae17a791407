// `GET /`: who is logged in (the shared login), with the forms to change it.
import { credentialsForm, escapeHtml, layout, type PageContext, type PageUser, who } from "./layout.js";

/** `user` undefined means it could not be determined (identity database down). */
export function homePage(context: PageContext, user: PageUser | null | undefined): string {
  let status: string;
  if (user === undefined)
    status = `<p class="status anonymous">Login status unknown: the identity database is unavailable.</p>`;
  else if (user === null) status = `<p class="status anonymous">Not logged in (shared session).</p>`;
  else
    status = context.handoffFrom
      ? `<p class="status">Logged in as <strong>${who(user)}</strong> (through ${escapeHtml(context.handoffFrom)}: a logout on either site ends both).</p>`
      : `<p class="status">Logged in as <strong>${who(user)}</strong> (shared session: the same on every site).</p>`;
  const handoff =
    context.handoffFrom && !user
      ? `<p><a class="handoff" href="/sso/start?next=%2F">Log in with ${escapeHtml(context.handoffFrom)}</a> ` +
        `(no shared cookie domain: ${escapeHtml(context.handoffFrom)} vouches for you).</p>\n`
      : "";
  const resuming = context.next?.startsWith("/sso/authorize")
    ? `<p class="status anonymous">Log in here to continue to the site that sent you.</p>\n`
    : "";
  const forms = user
    ? `<form method="post" action="/logout"><button type="submit">Log out (every site)</button></form>`
    : `${credentialsForm("/login", "Log in", false, context.next)}\n${credentialsForm("/signup", "Sign up", true, context.next)}`;
  return layout(context, "Home", `${status}\n${resuming}${handoff}${forms}`);
}

/** The status line of a site's own page for a visitor who is not logged in. */
export function loginFirst(what: string): string {
  return `<p class="status anonymous">Not logged in (shared session): <a href="/">log in or sign up</a> ${escapeHtml(what)}.</p>`;
}
