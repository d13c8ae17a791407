// The new site's own page, `GET /projects`: the user's projects and tasks from its own database, the
// tasks' owners from the identity database.
import { loginFirst } from "./home.js";
import { escapeHtml, layout, type PageContext, type PageUser, who } from "./layout.js";

export interface TaskView {
  readonly id: string;
  readonly title: string;
  readonly done: boolean;
  /** From the identity database; null for an id it does not have. */
  readonly owner: PageUser | null;
}

export interface ProjectView {
  readonly id: string;
  readonly name: string;
  readonly tasks: readonly TaskView[];
}

const PROJECT_FORM = `<form method="post" action="/projects">
<strong>Create a project</strong>
<label>Name <input name="name" required maxlength="200"></label>
<button type="submit">Create</button>
</form>`;

function taskItem(task: TaskView): string {
  const owner = task.owner ? who(task.owner) : `<span class="muted">an unknown user</span>`;
  const title = `<span class="${task.done ? "done" : "open"}">${escapeHtml(task.title)}</span>`;
  const action = task.done
    ? `<span class="muted">done</span>`
    : `<form class="inline" method="post" action="/projects/tasks/done"><input type="hidden" name="taskId" value="${escapeHtml(task.id)}"><button type="submit">mark done</button></form>`;
  return `<li data-task="${escapeHtml(task.id)}">${title} <span class="muted">·</span> <span class="owner">${owner}</span> ${action}</li>`;
}

function projectSection(project: ProjectView): string {
  const tasks =
    project.tasks.length === 0
      ? `<p class="muted">No tasks yet.</p>`
      : `<ul class="rows">\n${project.tasks.map(taskItem).join("\n")}\n</ul>`;
  return `<section data-project="${escapeHtml(project.id)}">
<h2>${escapeHtml(project.name)}</h2>
${tasks}
<form method="post" action="/projects/tasks"><input type="hidden" name="projectId" value="${escapeHtml(project.id)}">
<label>New task <input name="title" required maxlength="200"></label>
<button type="submit">Add task</button>
</form>
</section>`;
}

export function projectsPage(
  context: PageContext,
  user: PageUser | null,
  projects: readonly ProjectView[],
): string {
  if (!user) return layout(context, "Projects", loginFirst("to see your projects"));
  const status = `<p class="status">Logged in as <strong>${who(user)}</strong>: your projects and tasks are this site's own rows; their owners are shared users.</p>`;
  const list =
    projects.length === 0 ? `<p class="muted">No projects yet.</p>` : projects.map(projectSection).join("\n");
  return layout(context, "Projects", `${status}\n${list}\n${PROJECT_FORM}`);
}
