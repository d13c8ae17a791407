import { expect, it } from "vitest";
import { isLocalDatabase, migrateTargets } from "./migrate-target.ts";

it("knows which databases are on this machine", () => {
  for (const url of [
    "postgresql://u@localhost/d",
    "postgresql://u@127.0.0.1:5433/d",
    "postgresql://u@[::1]/d",
    "postgresql://u@127.0.1.1/d",
    "postgresql:///d?host=/var/run/postgresql",
  ]) {
    expect(isLocalDatabase(url), url).toBe(true);
  }
  for (const url of [
    "postgresql://u@db.example.com/d",
    "postgresql://u@10.0.0.5/d",
    "postgresql:///d?host=db",
    "postgresql://u@localhost/d?host=remote.example.com", // pg connects to ?host=, not the URL's host
  ]) {
    expect(isLocalDatabase(url), url).toBe(false);
  }
});

it("describes each target without its password, and names every missing variable at once", () => {
  const [shared] = migrateTargets(["shared"], { SHARED_DATABASE_URL: "postgresql://me:s3cret@db:5432/ids" });
  expect(shared?.description).toBe("db:5432/ids as me");
  expect(() => migrateTargets(["shared", "app"], {})).toThrow(/SHARED_DATABASE_URL[\s\S]*APP_DATABASE_URL/);
});

it("reads any schema's URL from <NAME>_DATABASE_URL", () => {
  const [blog] = migrateTargets(["shop-v2"], { SHOP_V2_DATABASE_URL: "postgresql://me@db/shop" });
  expect(blog).toMatchObject({
    schema: "shop-v2",
    url: "postgresql://me@db/shop",
    description: "db:5432/shop as me",
  });
  expect(() => migrateTargets(["shop-v2"], {})).toThrow(/SHOP_V2_DATABASE_URL is not set/);
});
