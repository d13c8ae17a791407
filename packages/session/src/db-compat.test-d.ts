import type { PrismaClient as AppClient } from "@userbridge/clients/app";
import type { Db } from "@userbridge/db";
import { expectTypeOf, test } from "vitest";
import type { SessionDb } from "./store.js";

test("the routed client from createDb() is what createAuth takes, for any site's schema", () => {
  expectTypeOf<Db>().toExtend<SessionDb>();
  expectTypeOf<Db<AppClient>>().toExtend<SessionDb>();
});
