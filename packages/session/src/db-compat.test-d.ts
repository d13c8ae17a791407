import type { Db } from "@userbridge/db";
import { expectTypeOf, test } from "vitest";
import type { SessionDb } from "./store.js";

test("the routed client from createDb() is what createAuth takes", () => {
  expectTypeOf<Db>().toExtend<SessionDb>();
});
