// The same code reads the identity models from either database (shared, or the site's own under
// /admin), so every site schema (prisma/app, prisma/new, ...) must declare them exactly as prisma/shared
// does. Compared through Prisma's DMMF (the engine's own reading of the schema), not the schema text.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const schemaWasm: { get_dmmf(params: string): string } = require("@prisma/prisma-schema-wasm");

interface DmmfField {
  name: string;
  [property: string]: unknown;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: unknown;
  uniqueIndexes: unknown;
}

/** Field properties that change what a query reads or writes. `documentation` is left out on purpose. */
const FIELD_PROPERTIES = [
  "kind",
  "type",
  "nativeType",
  "isList",
  "isRequired",
  "isUnique",
  "isId",
  "isUpdatedAt",
  "default",
  "relationName",
  "relationFromFields",
  "relationToFields",
  "relationOnDelete",
] as const;

export function modelsOf(schema: string, file = "schema.prisma"): Map<string, DmmfModel> {
  const dmmf = JSON.parse(schemaWasm.get_dmmf(JSON.stringify({ prismaSchema: [[file, schema]] }))) as {
    datamodel: { models: DmmfModel[] };
  };
  return new Map(dmmf.datamodel.models.map((model) => [model.name, model]));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Every difference between the shared schema's models and their copies in a site schema, in words that name
 * the site schema (`User.name: isRequired is true in blog, false in shared`).
 * @param site the site schema's name (its folder under prisma/), for the messages.
 */
export function identityModelDifferences(sharedSchema: string, siteSchema: string, site: string): string[] {
  const shared = modelsOf(sharedSchema, "prisma/shared/schema.prisma");
  const copies = modelsOf(siteSchema, `prisma/${site}/schema.prisma`);
  const differences: string[] = [];

  for (const [name, expected] of shared) {
    const actual = copies.get(name);
    if (!actual) {
      differences.push(`${name}: missing from prisma/${site}`);
      continue;
    }
    for (const property of ["dbName", "primaryKey", "uniqueIndexes"] as const) {
      if (!same(expected[property], actual[property])) {
        differences.push(
          `${name}: ${property} is ${JSON.stringify(actual[property])} in ${site}, ${JSON.stringify(expected[property])} in shared`,
        );
      }
    }
    const actualFields = new Map(actual.fields.map((field) => [field.name, field]));
    for (const field of expected.fields) {
      const copy = actualFields.get(field.name);
      if (!copy) {
        differences.push(`${name}.${field.name}: missing from prisma/${site}`);
        continue;
      }
      for (const property of FIELD_PROPERTIES) {
        if (!same(field[property], copy[property])) {
          differences.push(
            `${name}.${field.name}: ${property} is ${JSON.stringify(copy[property] ?? null)} in ${site}, ${JSON.stringify(field[property] ?? null)} in shared`,
          );
        }
      }
      actualFields.delete(field.name);
    }
    for (const extra of actualFields.keys()) differences.push(`${name}.${extra}: only in prisma/${site}`);
  }
  return differences;
}
