// The old site's own page, `GET /posts`: posts from its own database, their authors' names from the
// identity database.
import { loginFirst } from "./home.js";
import { escapeHtml, layout, type PageContext, type PageUser, who } from "./layout.js";

export interface PostView {
  readonly id: string;
  readonly title: string;
  readonly body: string | null;
  /** From the identity database; null for an id it does not have. */
  readonly author: PageUser | null;
}

const POST_FORM = `<form method="post" action="/posts">
<strong>Write a post</strong>
<label>Title <input name="title" required maxlength="200"></label>
<label>Text (optional) <textarea name="body" rows="2" maxlength="2000"></textarea></label>
<button type="submit">Publish</button>
</form>`;

function postItem(post: PostView): string {
  const author = post.author ? who(post.author) : `<span class="muted">an unknown user</span>`;
  const body = post.body ? `<br>${escapeHtml(post.body)}` : "";
  return `<li data-post="${escapeHtml(post.id)}"><strong>${escapeHtml(post.title)}</strong> <span class="muted">by</span> <span class="author">${author}</span>${body}</li>`;
}

export function postsPage(context: PageContext, user: PageUser | null, posts: readonly PostView[]): string {
  const status = user
    ? `<p class="status">Logged in as <strong>${who(user)}</strong>: posts are this site's own rows; their authors are shared users.</p>`
    : loginFirst("to write a post");
  const list =
    posts.length === 0
      ? `<p class="muted">No posts yet.</p>`
      : `<ul class="rows">\n${posts.map(postItem).join("\n")}\n</ul>`;
  return layout(context, "Posts", `${status}\n${user ? POST_FORM : ""}\n<h2>Latest posts</h2>\n${list}`);
}
