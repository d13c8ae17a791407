// A server component: who is logged in on the shared session, read in the site's routing context.
import { cookieCarrier } from "@/lib/cookies";
import { asSite } from "@/lib/routing";
import { getAuth } from "@/lib/site";
import { login, logout } from "./actions";

export default async function Home({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const user = await asSite(async () => getAuth().users.getUser(...(await cookieCarrier())));
  return (
    <main>
      <h1>Home</h1>
      {user ? (
        <>
          <p data-testid="status">
            Logged in as <strong>{user.name ? `${user.name} <${user.email}>` : user.email}</strong> (shared
            session).
          </p>
          <form action={logout}>
            <button type="submit">Log out</button>
          </form>
        </>
      ) : (
        <>
          <p data-testid="status">Not logged in.</p>
          {error === "login" && <p role="alert">Invalid email or password.</p>}
          <form action={login}>
            <input name="email" type="email" placeholder="email" required />
            <input name="password" type="password" placeholder="password" required />
            <button type="submit">Log in</button>
          </form>
        </>
      )}
    </main>
  );
}
