// The admin section: its data comes from this site's own tables. Under asAdmin, db.user and db.session
// route to the site's database (its admins and their sessions), never to the shared identity database.
import { cookieCarrier } from "@/lib/cookies";
import { asAdmin } from "@/lib/routing";
import { getAuth, getDb } from "@/lib/site";
import { adminLogin, adminLogout } from "./actions";

async function siteTables() {
  const db = getDb();
  const [users, sessions, posts] = await Promise.all([
    db.user.findMany({ select: { email: true, name: true }, orderBy: { email: "asc" } }),
    db.session.count(),
    db.post.count(),
  ]);
  return { users, sessions, posts, database: db.$routeOf("user") };
}

export default async function Admin({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const admin = await asAdmin(async () => getAuth().admins.getUser(...(await cookieCarrier())));
  if (!admin) {
    return (
      <main>
        <h1>Admin</h1>
        <p data-testid="status">
          Not logged in to this site&apos;s admin (admins are this site&apos;s own users).
        </p>
        {error === "login" && <p role="alert">Invalid email or password.</p>}
        <form action={adminLogin}>
          <input name="email" type="email" placeholder="email" required />
          <input name="password" type="password" placeholder="password" required />
          <button type="submit">Log in to admin</button>
        </form>
      </main>
    );
  }
  const tables = await asAdmin(siteTables);
  return (
    <main>
      <h1>Admin</h1>
      <p data-testid="status">
        Admin: <strong>{admin.email}</strong>
      </p>
      <form action={adminLogout}>
        <button type="submit">Log out of admin</button>
      </form>
      <h2>This site&apos;s own users</h2>
      <p data-testid="database">{`database: ${tables.database} · admin sessions: ${tables.sessions} · posts: ${tables.posts}`}</p>
      <ul data-testid="users">
        {tables.users.map((user) => (
          <li key={user.email}>{user.name ? `${user.name} <${user.email}>` : user.email}</li>
        ))}
      </ul>
    </main>
  );
}
