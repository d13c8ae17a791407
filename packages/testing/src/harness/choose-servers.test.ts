import { describe, expect, it } from "vitest";
import { chooseServers, type RuntimeProbe } from "./choose-servers.ts";

const docker: RuntimeProbe = async () => ({ ok: true, detail: "Docker 26 on 127.0.0.1" });
const noDocker: RuntimeProbe = async () => ({ ok: false, reason: "no socket" });
const unasked: RuntimeProbe = async () => {
  throw new Error("the engine must not be probed");
};
const URL = "postgresql://postgres@127.0.0.1:5432/postgres";

describe("chooseServers", () => {
  it("takes TEST_DATABASE_URL first, without probing for an engine", async () => {
    expect(await chooseServers({ TEST_DATABASE_URL: URL }, unasked)).toEqual({
      mode: "url",
      reason: "TEST_DATABASE_URL is set",
    });
  });

  it("takes containers when an engine answers, and says which", async () => {
    expect(await chooseServers({}, docker)).toEqual({
      mode: "containers",
      reason: "a container engine answers: Docker 26 on 127.0.0.1",
    });
  });

  it("falls back to embedded servers on a machine with no engine, saying why", async () => {
    expect(await chooseServers({}, noDocker)).toEqual({
      mode: "embedded",
      reason: "no container engine answers (no socket)",
    });
  });

  it("obeys USERBRIDGE_TEST_SERVERS over everything else", async () => {
    expect(
      (await chooseServers({ USERBRIDGE_TEST_SERVERS: "embedded", TEST_DATABASE_URL: URL }, unasked)).mode,
    ).toBe("embedded");
    expect(
      (await chooseServers({ USERBRIDGE_TEST_SERVERS: "containers", TEST_DATABASE_URL: URL }, docker)).mode,
    ).toBe("containers");
    expect(
      (await chooseServers({ USERBRIDGE_TEST_SERVERS: "url", TEST_DATABASE_URL: URL }, unasked)).mode,
    ).toBe("url");
  });

  it("fails with a fix-it message when the forced mode cannot run", async () => {
    await expect(chooseServers({ USERBRIDGE_TEST_SERVERS: "containers" }, noDocker)).rejects.toThrow(
      /no container engine answers \(no socket\).*unset it to run on embedded/,
    );
    await expect(chooseServers({ USERBRIDGE_TEST_SERVERS: "url" }, unasked)).rejects.toThrow(
      /needs TEST_DATABASE_URL/,
    );
    await expect(chooseServers({ USERBRIDGE_TEST_SERVERS: "docker" }, unasked)).rejects.toThrow(
      /not one of url, containers, embedded/,
    );
  });
});
