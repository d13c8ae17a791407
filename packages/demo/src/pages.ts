// The demo's HTML: plain pages that say who is logged in where, with the forms to change it.

export interface PageUser {
  readonly email: string;
  readonly name: string | null;
}

export interface PageContext {
  /** "old" or "new". */
  readonly site: string;
  readonly fingerprint: string;
  /** The other demo sites, by name. */
  readonly links: Readonly<Record<string, string>>;
  /** A message to show above the forms (a failed form post, an unavailable database). */
  readonly notice?: string;
  /** The site this one hands logins to (SESSION_HOME_URL), e.g. "the old site". */
  readonly handoffFrom?: string;
  /** Where the login and signup forms send the browser afterwards (a hand-off resuming here). */
  readonly next?: string;
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

const who = (user: PageUser) => escapeHtml(user.name ? `${user.name} <${user.email}>` : user.email);

function layout(context: PageContext, title: string, body: string): string {
  const links = Object.entries(context.links)
    .map(([name, url]) => `<a href="${escapeHtml(url)}">${escapeHtml(name)} site</a>`)
    .join(" · ");
  const notice = context.notice ? `<p class="notice" role="alert">${escapeHtml(context.notice)}</p>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(context.site)} site · userbridge demo</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  h1 small { font-weight: normal; color: #666; font-size: 1rem; }
  form { border: 1px solid #ccc; border-radius: 6px; padding: 1rem; margin: 1rem 0; }
  label { display: block; margin: .5rem 0; }
  input { font: inherit; padding: .25rem .5rem; width: 100%; box-sizing: border-box; }
  button { font: inherit; padding: .25rem 1rem; }
  .status { padding: .75rem 1rem; background: #eef6ee; border-radius: 6px; }
  .status.anonymous { background: #f4f4f4; }
  .notice { padding: .75rem 1rem; background: #fdecea; border-radius: 6px; }
  footer { margin-top: 2rem; color: #666; font-size: .875rem; }
</style>
</head>
<body>
<h1>${escapeHtml(title)} <small>${escapeHtml(context.site)} site</small></h1>
<nav><a href="/">home</a> · <a href="/admin">admin</a>${links ? ` · ${links}` : ""}</nav>
${notice}
${body}
<footer>Session fingerprint <code>${escapeHtml(context.fingerprint)}</code>: sites showing the same value share logins.</footer>
</body>
</html>
`;
}

function credentialsForm(action: string, legend: string, withName: boolean, next?: string): string {
  const name = withName
    ? `<label>Name (optional) <input name="name" autocomplete="name" maxlength="100"></label>`
    : "";
  const autocomplete = withName ? "new-password" : "current-password";
  const hidden = next ? `<input type="hidden" name="next" value="${escapeHtml(next)}">` : "";
  return `<form method="post" action="${action}">
<strong>${legend}</strong>${hidden}
<label>Email <input name="email" type="email" autocomplete="email" required maxlength="254"></label>
${name}
<label>Password <input name="password" type="password" autocomplete="${autocomplete}" required minlength="${withName ? 8 : 1}" maxlength="256"></label>
<button type="submit">${legend}</button>
</form>`;
}

/** `GET /`: the shared login. `user` undefined means it could not be determined (database down). */
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

/** `GET /admin`: this site's own admin, separate from the shared login. */
export function adminPage(context: PageContext, admin: PageUser | null): string {
  const status = admin
    ? `<p class="status">Admin of the ${escapeHtml(context.site)} site: <strong>${who(admin)}</strong>.</p>`
    : `<p class="status anonymous">Not logged in to this site's admin. Admins are this site's own users ` +
      `(<code>pnpm demo:admin ${escapeHtml(context.site)} &lt;email&gt; &lt;password&gt;</code>); a shared login does not work here.</p>`;
  const form = admin
    ? `<form method="post" action="/admin/logout"><button type="submit">Log out of admin</button></form>`
    : credentialsForm("/admin/login", "Log in to admin", false);
  return layout(context, "Admin", `${status}\n${form}`);
}
