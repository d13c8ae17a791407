// Auth.js' own Prisma adapter (@auth/prisma-adapter) on the routed client: its user, account,
// session, verification-token and WebAuthn (passkey) methods, in a site context (identity database)
// and in an admin context (the site's own tables), with rows checked in each database. A passkey
// registered through one site's client is found through another site's.
// (Auth.js' shared adapter test suite is not published to npm, so these exercise every method it has.)
import { PrismaAdapter } from "@auth/prisma-adapter";
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db, runWithRouting } from "./index.js";

let shared: TestDatabase;
let oldApp: TestDatabase;
let newApp: TestDatabase;
let oldSite: Db<AppClient>;
let newSite: Db<AppClient>;

beforeAll(async () => {
  [shared, oldApp, newApp] = await Promise.all([
    createTestDatabase("identity", "shared"),
    createTestDatabase("app", "app"),
    createTestDatabase("app", "app"),
  ]);
  oldSite = createDb({ appClient: AppClient, sharedDatabaseUrl: shared.url, appDatabaseUrl: oldApp.url });
  newSite = createDb({ appClient: AppClient, sharedDatabaseUrl: shared.url, appDatabaseUrl: newApp.url });
});

afterAll(async () => {
  await Promise.all([oldSite?.$disconnect(), newSite?.$disconnect()]);
  await Promise.all([shared?.drop(), oldApp?.drop(), newApp?.drop()]);
});

// The adapter takes a PrismaClient; the routed client has the same delegates.
// Every method is defined (Required); each may return a plain value or a promise (Awaitable).
const adapterOf = (db: Db<AppClient>) =>
  PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]) as Required<
    ReturnType<typeof PrismaAdapter>
  >;

describe.each([
  { context: "site", admin: false, database: "shared" as const },
  { context: "admin", admin: true, database: "app" as const },
])("Auth.js' Prisma adapter in a $context context", ({ admin, database }) => {
  const run = <T>(fn: () => T | PromiseLike<T>) => runWithRouting({ admin }, async () => fn());
  const email = `ada-${database}@example.com`;

  it("creates, reads, updates and deletes users, accounts, sessions and verification tokens", async () => {
    const adapter = adapterOf(oldSite);
    const user = await run(() => adapter.createUser({ id: "", email, emailVerified: null, name: "Ada" }));
    expect(await run(() => adapter.getUserByEmail(email))).toMatchObject({ id: user.id });
    await run(() =>
      adapter.linkAccount({
        userId: user.id,
        type: "oauth",
        provider: "github",
        providerAccountId: `gh-${database}`,
      }),
    );
    expect(
      await run(() => adapter.getUserByAccount({ provider: "github", providerAccountId: `gh-${database}` })),
    ).toMatchObject({
      id: user.id,
    });
    const expires = new Date(Date.now() + 3_600_000);
    await run(() => adapter.createSession({ sessionToken: `tok-${database}`, userId: user.id, expires }));
    expect(await run(() => adapter.getSessionAndUser(`tok-${database}`))).toMatchObject({
      user: { id: user.id },
    });
    await run(() => adapter.createVerificationToken({ identifier: email, token: "vt", expires }));
    expect(await run(() => adapter.useVerificationToken({ identifier: email, token: "vt" }))).toMatchObject({
      token: "vt",
    });
    await run(() => adapter.updateUser({ id: user.id, name: "Ada L." }));
    await run(() => adapter.deleteSession(`tok-${database}`));
    expect(await run(() => adapter.getSessionAndUser(`tok-${database}`))).toBeNull();

    // Every row landed in the database the context implies, none in the other.
    const other = database === "shared" ? "app" : "shared";
    expect(await oldSite.$using(database).user.count({ where: { email } })).toBe(1);
    expect(await oldSite.$using(other).user.count({ where: { email } })).toBe(0);
    expect(
      await oldSite.$using(database).account.count({ where: { providerAccountId: `gh-${database}` } }),
    ).toBe(1);
  });

  it("registers, lists, reads and updates passkeys (WebAuthn)", async () => {
    const adapter = adapterOf(oldSite);
    const user = await run(() => adapter.getUserByEmail(email));
    if (!user) throw new Error("the first test creates this user");
    const credentialID = `cred-${database}`;
    const authenticator = {
      credentialID,
      userId: user.id,
      providerAccountId: `pk-${database}`,
      credentialPublicKey: "pQECAyYgASFYIA",
      counter: 0,
      credentialDeviceType: "singleDevice",
      credentialBackedUp: false,
      transports: "internal",
    };
    await run(() =>
      adapter.linkAccount({
        userId: user.id,
        type: "webauthn",
        provider: "passkey",
        providerAccountId: `pk-${database}`,
      }),
    );
    expect(await run(() => adapter.createAuthenticator(authenticator))).toMatchObject({ credentialID });
    expect(await run(() => adapter.getAuthenticator(credentialID))).toMatchObject({ counter: 0 });
    expect(await run(() => adapter.listAuthenticatorsByUserId(user.id))).toHaveLength(1);
    expect(await run(() => adapter.updateAuthenticatorCounter(credentialID, 5))).toMatchObject({
      counter: 5,
    });
    expect(await run(() => adapter.getAccount(`pk-${database}`, "passkey"))).toMatchObject({
      type: "webauthn",
    });
    expect(await oldSite.$using(database).authenticator.count({ where: { credentialID } })).toBe(1);
  });
});

describe("passkeys across sites", () => {
  it("a passkey registered through one site is found and used through the other", async () => {
    const oldAdapter = adapterOf(oldSite);
    const newAdapter = adapterOf(newSite);
    const user = await runWithRouting({ admin: false }, () =>
      oldAdapter.createUser({ id: "", email: "grace@example.com", emailVerified: null }),
    );
    await runWithRouting({ admin: false }, () =>
      oldAdapter.createAuthenticator({
        credentialID: "grace-key",
        userId: user.id,
        providerAccountId: "grace-key",
        credentialPublicKey: "pQECAyYgASFYIA",
        counter: 1,
        credentialDeviceType: "multiDevice",
        credentialBackedUp: true,
        transports: null,
      }),
    );
    const found = await runWithRouting({ admin: false }, () => newAdapter.getAuthenticator("grace-key"));
    expect(found).toMatchObject({ userId: user.id, counter: 1 });
    await runWithRouting({ admin: false }, () => newAdapter.updateAuthenticatorCounter("grace-key", 2));
    expect(
      await runWithRouting({ admin: false }, () => oldAdapter.getAuthenticator("grace-key")),
    ).toMatchObject({
      counter: 2,
    });
    // Neither site's own database has it.
    expect(await newSite.$using("app").authenticator.count({ where: { credentialID: "grace-key" } })).toBe(0);
  });
});
