// The second file of the isolation check (see harness/isolation.ts).
import { describe } from "vitest";
import { itHasADatabaseOfItsOwn } from "./harness/isolation.ts";

describe("test harness (peer file)", () => {
  itHasADatabaseOfItsOwn();
});
