import { describe, expect, it } from "vitest";
import { compareLsn, lsnToBigInt } from "./wal-positions.ts";

describe("LSNs", () => {
  it("compare as 64-bit positions, not as text", () => {
    expect(lsnToBigInt("16/B374D848")).toBe(0x16b374d848n);
    expect(compareLsn("0/9000000", "0/10000000")).toBe(-1);
    expect(compareLsn("1/0", "0/FFFFFFFF")).toBe(1);
    expect(compareLsn("0/34344D0", "0/34344d0")).toBe(0);
    expect(() => lsnToBigInt("34344D0")).toThrow(/not an LSN/);
  });
});
