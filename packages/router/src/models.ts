import { OPERATIONS } from "./operations.js";

/** Prisma's model name (`Customer`) or delegate name (`customer`): both are accepted wherever a model is. */
export type ModelName<Delegate extends string> = Delegate | Capitalize<Delegate>;

/** `Customer` -> `customer`: Prisma names a model's delegate by lower-casing the first letter. */
export function toDelegateName(model: string): string {
  return model.charAt(0).toLowerCase() + model.slice(1);
}

/** Whether `client` has a model delegate named `delegate` (works on Prisma's proxied clients). */
export function hasModel(client: object, delegate: string): boolean {
  if (delegate.startsWith("$") || delegate.startsWith("_")) return false;
  const candidate = (client as Record<string, unknown>)[delegate];
  if (typeof candidate !== "object" || candidate === null) return false;
  // A delegate has the model operations; a stand-in (or a narrowed client type) may have only some.
  return OPERATIONS.some(
    (operation) => typeof (candidate as Record<string, unknown>)[operation] === "function",
  );
}
