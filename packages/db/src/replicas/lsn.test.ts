import { describe, expect, it } from "vitest";
import { formatLsn, parseLsn } from "./lsn.js";

describe("WAL positions", () => {
  it("reads pg_lsn text as one 64-bit offset and writes it back", () => {
    expect(parseLsn("0/0")).toBe(0n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    expect(formatLsn(parseLsn("16/b374d848") as bigint)).toBe("16/B374D848");
    expect(parseLsn("FFFFFFFF/FFFFFFFF")).toBe(2n ** 64n - 1n);
  });

  it("orders positions across the 32-bit boundary", () => {
    expect((parseLsn("1/0") as bigint) > (parseLsn("0/FFFFFFFF") as bigint)).toBe(true);
  });

  it("refuses what is not a position (a primary's NULL replay position, forged cookie text)", () => {
    for (const text of [null, undefined, "", "16", "16/", "/1", "G/1", "1/2/3", "123456789/0", 42]) {
      expect(parseLsn(text)).toBeUndefined();
    }
  });
});
