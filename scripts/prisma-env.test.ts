import { databaseUrlVariable, shadowDatabaseUrlVariable } from "@userbridge/db/config";
import { describe, expect, it } from "vitest";
import { datasourceVariables, prismaDatasource, prismaSchemaConfig } from "./prisma-env.ts";
import { schemaNames } from "./schemas.ts";

describe("the prisma configs' datasource (scripts/prisma-env.ts)", () => {
  it.each([...schemaNames(), "blog", "shop-v2", "a1"])(
    "reads %s's URLs from the variables @userbridge/db/config names",
    (name) => {
      expect(datasourceVariables(name)).toEqual({
        url: databaseUrlVariable(name),
        shadowDatabaseUrl: shadowDatabaseUrlVariable(name),
      });
    },
  );

  it("is empty when unset (prisma generate needs no database), and takes only what is set", () => {
    expect(prismaDatasource("shop-v2", {})).toEqual({});
    expect(prismaDatasource("shop-v2", { SHOP_V2_DATABASE_URL: "postgresql://h/db" })).toEqual({
      url: "postgresql://h/db",
    });
    expect(
      prismaDatasource("shop-v2", {
        SHOP_V2_DATABASE_URL: "postgresql://h/db",
        SHOP_V2_SHADOW_DATABASE_URL: "postgresql://h/shadow",
      }),
    ).toEqual({ url: "postgresql://h/db", shadowDatabaseUrl: "postgresql://h/shadow" });
  });

  it("gives any schema name its own paths, and refuses a name that is not one", () => {
    const config = prismaSchemaConfig("blog");
    expect(config.schema).toMatch(/\/prisma\/blog\/schema\.prisma$/);
    expect(config.migrations.path).toMatch(/\/prisma\/blog\/migrations$/);
    expect(() => prismaSchemaConfig("../app")).toThrow("is not a schema name");
  });
});
