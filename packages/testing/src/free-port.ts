// A TCP port on 127.0.0.1 that is free right now, for a child process that must be told its port.
export { freePort } from "@userbridge/embedded";
