// The frame of every demo page: title, nav, notice, the content, then the queries the request ran.
import { escapeHtml } from "./escape.js";
import { queryPanel, type ShownQuery } from "./query-panel.js";

export { escapeHtml };

export interface PageUser {
  readonly email: string;
  readonly name: string | null;
}

/** A link in the nav: `{ path: "/posts", label: "posts" }`. */
export interface NavLink {
  readonly path: string;
  readonly label: string;
}

export interface PageContext {
  /** "old" or "new" (or a test deployment's label). */
  readonly site: string;
  readonly fingerprint: string;
  /** The other demo sites, by name. */
  readonly links: Readonly<Record<string, string>>;
  /** This site's own pages. @default [] */
  readonly nav?: readonly NavLink[];
  /** A message to show above the content (a failed form post, an unavailable database). */
  readonly notice?: string;
  /** The site this one hands logins to (SESSION_HOME_URL), e.g. "the old site". */
  readonly handoffFrom?: string;
  /** Where the login and signup forms send the browser afterwards (a hand-off resuming here). */
  readonly next?: string;
  /** The queries this request ran, shown below the content. @default [] */
  readonly queries?: readonly ShownQuery[];
}

export const who = (user: PageUser) => escapeHtml(user.name ? `${user.name} <${user.email}>` : user.email);

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  h1 small { font-weight: normal; color: #666; font-size: 1rem; }
  h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
  form { border: 1px solid #ccc; border-radius: 6px; padding: 1rem; margin: 1rem 0; }
  form.inline { display: inline; border: 0; padding: 0; margin: 0; }
  label { display: block; margin: .5rem 0; }
  input, textarea { font: inherit; padding: .25rem .5rem; width: 100%; box-sizing: border-box; }
  button { font: inherit; padding: .25rem 1rem; }
  form.inline button { padding: 0 .5rem; font-size: .875rem; }
  ul.rows { padding-left: 1.25rem; }
  .done { text-decoration: line-through; color: #666; }
  .muted { color: #666; }
  .status { padding: .75rem 1rem; background: #eef6ee; border-radius: 6px; }
  .status.anonymous { background: #f4f4f4; }
  .notice { padding: .75rem 1rem; background: #fdecea; border-radius: 6px; }
  .queries { margin-top: 2rem; border-top: 2px solid #ddd; font-size: .875rem; }
  .queries table { border-collapse: collapse; width: 100%; }
  .queries th, .queries td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #eee; }
  .queries td.identity { color: #1a5fb4; }
  .queries td.own { color: #26a269; }
  footer { margin-top: 2rem; color: #666; font-size: .875rem; }
`;

export function layout(context: PageContext, title: string, body: string): string {
  const own = (context.nav ?? []).map(
    (link) => `<a href="${escapeHtml(link.path)}">${escapeHtml(link.label)}</a>`,
  );
  const others = Object.entries(context.links).map(
    ([name, url]) => `<a href="${escapeHtml(url)}">${escapeHtml(name)} site</a>`,
  );
  const nav = [`<a href="/">home</a>`, ...own, `<a href="/admin">admin</a>`, ...others].join(" · ");
  const notice = context.notice ? `<p class="notice" role="alert">${escapeHtml(context.notice)}</p>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(context.site)} site · userbridge demo</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)} <small>${escapeHtml(context.site)} site</small></h1>
<nav>${nav}</nav>
${notice}
${body}
${queryPanel(context.queries ?? [], context.site)}
<footer>Session fingerprint <code>${escapeHtml(context.fingerprint)}</code>: sites showing the same value share logins.</footer>
</body>
</html>
`;
}

export function credentialsForm(action: string, legend: string, withName: boolean, next?: string): string {
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
