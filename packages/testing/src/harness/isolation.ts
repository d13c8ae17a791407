// Run by two test files: if their databases were the same (or a clone wrote through to the template),
// the second insert of the same unique email would fail or the count would be 2, in whatever order.
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { createTestDatabase } from "../databases.ts";

export function itHasADatabaseOfItsOwn(): void {
  it("has a database of its own, cloned from the template", async () => {
    const database = await createTestDatabase("identity", "shared");
    afterAll(() => database.drop());
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO "User" (id, email, "updatedAt") VALUES ('isolation', 'isolation@example.com', now())`,
      );
      const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM "User"`);
      expect(rows[0]?.count).toBe("1");
    } finally {
      await client.end();
    }
  });
}
