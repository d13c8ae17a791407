/** Prisma delegate operations that only read. Every other operation is a write. */
export const READ_OPERATIONS = [
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
] as const;

/** Prisma delegate operations that write. */
export const WRITE_OPERATIONS = [
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
] as const;

export type ReadOperation = (typeof READ_OPERATIONS)[number];
export type WriteOperation = (typeof WRITE_OPERATIONS)[number];
export type Operation = ReadOperation | WriteOperation;

const reads: ReadonlySet<string> = new Set(READ_OPERATIONS);

export function isReadOperation(operation: string): operation is ReadOperation {
  return reads.has(operation);
}

/** Every operation the facade forwards on a model delegate. */
export const OPERATIONS: readonly Operation[] = [...READ_OPERATIONS, ...WRITE_OPERATIONS];
