// Related rows across the two databases: a site's rows hold user ids (Post.authorId) of another
// database, so Prisma's `include` cannot join them. `preload` loads each relation with ONE
// findMany ... IN (keys) through the routed delegate, so it is routed like any other call.
import type { Prisma } from "@userbridge/clients/shared";
import { type DelegateKeys, InvalidConfigError } from "@userbridge/router";

/** An argument of `delegate.findMany` (`"select"`, `"where"`, ...), as Prisma types it. */
type FindManyArg<Delegate, Name extends string> =
  Prisma.Args<Delegate, "findMany"> extends { readonly [K in Name]?: infer Value } ? Value : never;
type Scalars<Delegate> = Prisma.Payload<Delegate>["scalars"];
type FieldOf<Delegate> = Listed<keyof Scalars<Delegate> & string>;
type KeysOf<T> = keyof T & string;

/** One relation: where its rows are and how they match. */
export interface PreloadRelation {
  /** The model to load from, as the routed client's delegate name (`"user"`, `"post"`). */
  readonly model: string;
  /** The field of each row holding the key (`"authorId"`). A null or undefined key loads nothing for that row. */
  readonly from: string;
  /** The field of `model` that `from` is matched against. @default "id" */
  readonly to?: string;
  /** `true`: every match, as an array (has-many); `false`: the first match or null. @default false */
  readonly many?: boolean;
  /** Prisma's `select` of `model`; `to` is selected for matching and dropped again when it is not selected. @default every scalar field */
  readonly select?: object;
  /** Prisma's `omit` of `model`. @default nothing omitted */
  readonly omit?: object;
  /** A filter of `model`, AND-ed with the key filter (only a user's published posts, say). @default no filter */
  readonly where?: object;
  /** The order of the loaded rows (of each row's array, with `many`). @default the database's order */
  readonly orderBy?: object | readonly object[];
}

/** The relations of one `preload` call, by the name each gets on the rows. */
export type PreloadRelations = { readonly [name: string]: PreloadRelation };

/** The options of a relation to `Model`, typed from that delegate's findMany arguments. */
type OptionsOf<Db, Model extends DelegateKeys<Db>> = {
  readonly model: Model;
  readonly many?: boolean;
  readonly select?: FindManyArg<Db[Model], "select">;
  readonly omit?: FindManyArg<Db[Model], "omit">;
  readonly where?: FindManyArg<Db[Model], "where">;
  readonly orderBy?: FindManyArg<Db[Model], "orderBy">;
};

/** `never` for every key of `Given` that `Allowed` does not have: Prisma's findMany is as strict. */
type NoOtherKeys<Given, Allowed> = { readonly [K in Exclude<keyof Given, keyof Allowed>]: never };

/** The rows' fields whose values can be matched against a `to` field holding `Key`s. */
type KeyFieldsFor<Row, Key> = Listed<
  { [F in KeysOf<Row>]: NonNullable<Row[F]> extends Key ? F : never }[KeysOf<Row>]
>;

/** The same union, written out in error messages (`"id" | "authorId"`, not the alias that made it). */
type Listed<Union> = Union extends unknown ? Union : never;

/** `to` must be a field of the model (and is required when the model has no `id`); `from` a row field of its type. */
type KeysChecked<Db, Model extends DelegateKeys<Db>, Row, Relation> = Relation extends {
  readonly to: infer To;
}
  ? To extends FieldOf<Db[Model]>
    ? { readonly to: To; readonly from: KeyFieldsFor<Row, Scalars<Db[Model]>[To]> }
    : { readonly to: FieldOf<Db[Model]>; readonly from: KeysOf<Row> }
  : "id" extends FieldOf<Db[Model]>
    ? { readonly from: KeyFieldsFor<Row, Scalars<Db[Model]>["id"]> }
    : { readonly to: FieldOf<Db[Model]>; readonly from: KeysOf<Row> };

/**
 * What the checker holds one given relation to: a model of the client; options, `select` and `omit`
 * keys that exist; `to` a field of the model; `from` a field of the rows of `to`'s type.
 * (The parameter's own constraint is loose, so the relation always infers as written and each
 * mistake is reported where it is, against the list of what would be right.)
 */
type RelationChecked<Db, Row, Relation> = Relation extends {
  readonly model: infer Model extends DelegateKeys<Db>;
}
  ? Relation extends Expected<Db, Model, Row, Relation>
    ? Relation
    : Expected<Db, Model, Row, Relation>
  : Omit<Relation, "model"> & { readonly model: Listed<DelegateKeys<Db>> };

type Expected<Db, Model extends DelegateKeys<Db>, Row, Relation> = OptionsOf<Db, Model> &
  KeysChecked<Db, Model, Row, Relation> &
  NoOtherKeys<Relation, PreloadRelation> & {
    readonly select?: NoOtherKeys<SelectOf<Relation>, NonNullable<FindManyArg<Db[Model], "select">>>;
    readonly omit?: NoOtherKeys<OmitOf<Relation>, NonNullable<FindManyArg<Db[Model], "omit">>>;
  } & (Relation extends { readonly select: object; readonly omit: object }
    ? { readonly omit?: never } // Prisma takes one of them: `select` what to keep, or `omit` what to drop
    : unknown);

type SelectOf<Relation> = Relation extends { readonly select: infer Select } ? Select : Record<never, never>;
type OmitOf<Relation> = Relation extends { readonly omit: infer Omitted } ? Omitted : Record<never, never>;

type Checked<Db, Row, Relations> = { [Name in keyof Relations]: RelationChecked<Db, Row, Relations[Name]> };

/** One loaded row of a relation: what `db[model].findFirstOrThrow({ select, omit })` would return. */
type LoadedOf<Db, Relation> = Relation extends { readonly model: infer Model extends DelegateKeys<Db> }
  ? Prisma.Result<Db[Model], Pick<Relation, Extract<keyof Relation, "select" | "omit">>, "findFirstOrThrow">
  : never;

type LoadedRelations<Db, Relations> = {
  -readonly [Name in keyof Relations]: Relations[Name] extends { readonly many: true }
    ? LoadedOf<Db, Relations[Name]>[]
    : LoadedOf<Db, Relations[Name]> | null;
};

/** A row with its relations: the row's fields (a relation replaces a field of its name) and one field per relation. */
export type Preloaded<Db, Row, Relations> = [keyof Relations] extends [never]
  ? Row
  : Flat<Omit<Row, keyof Relations> & LoadedRelations<Db, Relations>>;

/** One object type, so editors show the row's fields and its relations side by side. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/**
 * The relations argument: exactly what was written (inferred `const`, so selects stay literal), held to
 * Checked. Tupled, so it is not distributed, and a mistake is reported where it is.
 */
export type RelationsArgument<Db, Row, Relations> = [Relations] extends [Checked<Db, Row, Relations>]
  ? Relations
  : Checked<Db, Row, Relations>;

/** `db.$preload(rows, relations)`: the rows as new objects, in order, each with its relations. */
export type Preload<Db> = <Row extends object, const Relations extends PreloadRelations>(
  rows: readonly Row[],
  relations: RelationsArgument<Db, Row, Relations>,
) => Promise<Preloaded<Db, Row, Relations>[]>;

type Delegate = { findMany(args: object): PromiseLike<Record<string, unknown>[]> };
type Key = string | number | bigint | boolean | symbol;
type Lookup = (key: unknown) => unknown;

const OPTIONS = new Set(["model", "from", "to", "many", "select", "omit", "where", "orderBy"]);

/** `db.$preload` for a routed client (or an interactive transaction's client). */
export function createPreload<Db extends object>(db: Db): Preload<Db> {
  return (rows, relations) => preload(db, rows, relations);
}

/**
 * Loads each relation with one `db[model].findMany({ where: { [to]: { in: keys } } })`, all of them
 * concurrently, and returns the rows as new objects, in order, each with one field per relation.
 * No query for a relation whose rows have no key.
 * @throws InvalidConfigError naming every relation that has no such model, a row without its `from`
 * field, or an option preload does not know; nothing is queried then.
 * @example await preload(db, posts, { author: { model: "user", from: "authorId" } })
 */
export async function preload<
  Db extends object,
  Row extends object,
  const Relations extends PreloadRelations,
>(
  db: Db,
  rows: readonly Row[],
  relations: RelationsArgument<Db, Row, Relations>,
): Promise<Preloaded<Db, Row, Relations>[]> {
  const plans = Object.entries(relations as PreloadRelations).map(([name, relation]) =>
    planOf(db, rows, name, relation),
  );
  const issues = plans.flatMap((plan) => plan.issues);
  if (issues.length > 0) throw new InvalidConfigError("$preload relations", issues);
  const lookups = await Promise.all(plans.map(load));
  return rows.map((row) => {
    const preloaded: Record<string, unknown> = { ...(row as Record<string, unknown>) };
    for (const [index, plan] of plans.entries()) {
      preloaded[plan.name] = (lookups[index] as Lookup)((row as Record<string, unknown>)[plan.from]);
    }
    return preloaded;
  }) as Preloaded<Db, Row, Relations>[];
}

interface Plan {
  readonly name: string;
  readonly issues: readonly string[];
  readonly delegate: Delegate;
  readonly from: string;
  readonly to: string;
  readonly many: boolean;
  readonly keys: readonly unknown[];
  /** The findMany arguments other than `where`: select, omit, orderBy. */
  readonly args: Record<string, unknown>;
  readonly where: object | undefined;
  /** `to` was added to the select (or taken out of the omit) only to match: drop it from the results. */
  readonly dropTo: boolean;
}

function planOf(db: object, rows: readonly object[], name: string, relation: PreloadRelation): Plan {
  const { model, from, to = "id", many = false, select, omit, where, orderBy } = relation;
  const issues: string[] = [];
  const delegate = (db as Record<string, unknown>)[model] as Delegate | undefined;
  if (typeof delegate?.findMany !== "function")
    issues.push(
      `${name}: no model ${JSON.stringify(model)} on this client (name a model delegate, e.g. "user")`,
    );
  for (const option of Object.keys(relation)) {
    if (!OPTIONS.has(option)) issues.push(`${name}: unknown option ${JSON.stringify(option)}`);
  }
  if (typeof from !== "string") issues.push(`${name}: "from" must name a field of the rows`);
  if (typeof to !== "string") issues.push(`${name}: "to" must name a field of ${model}`);
  if (select && omit) issues.push(`${name}: give "select" or "omit", not both`);
  const missing = rows.findIndex((row) => typeof row !== "object" || row === null || !(from in row));
  if (typeof from === "string" && missing >= 0)
    issues.push(
      `${name}: row ${missing} has no field ${JSON.stringify(from)} (select it when you load the rows)`,
    );

  const keys = new Map<Key, unknown>();
  for (const row of rows) {
    const value = (row as Record<string, unknown>)[from];
    if (value !== null && value !== undefined && !keys.has(keyOf(value))) keys.set(keyOf(value), value);
  }
  const selectsTo = select === undefined || (select as Record<string, unknown>)[to] === true;
  const omitsTo = (omit as Record<string, unknown> | undefined)?.[to] === true;
  const args: Record<string, unknown> = {
    ...(select && { select: selectsTo ? select : { ...select, [to]: true } }),
    ...(omit && { omit: omitsTo ? { ...omit, [to]: false } : omit }),
    ...(orderBy && { orderBy }),
  };
  return {
    name,
    issues,
    delegate: delegate as Delegate,
    from,
    to,
    many,
    keys: [...keys.values()],
    args,
    where,
    dropTo: !selectsTo || omitsTo,
  };
}

/**
 * Runs a plan's one findMany and returns the lookup from a row's key to its loaded value. The key
 * list is never split here: past its bind-parameter limit (32,766 on PostgreSQL) Prisma itself runs
 * the IN list as ceil(keys / 32,766) SELECTs in one transaction of its own.
 */
async function load(plan: Plan): Promise<Lookup> {
  const { delegate, keys, to, many, args, where, dropTo } = plan;
  if (keys.length === 0) return () => (many ? [] : null);
  const byKeys = { [to]: { in: keys } };
  const results = await delegate.findMany({ ...args, where: where ? { AND: [where, byKeys] } : byKeys });
  const byKey = new Map<Key, Record<string, unknown>[]>();
  for (const result of results) {
    const key = keyOf(result[to]);
    const list = byKey.get(key) ?? [];
    if (list.length === 0) byKey.set(key, list);
    if (dropTo) {
      const { [to]: _matched, ...rest } = result;
      list.push(rest);
    } else list.push(result);
  }
  return (value) => {
    const found = value === null || value === undefined ? undefined : byKey.get(keyOf(value));
    return many ? [...(found ?? [])] : (found?.[0] ?? null);
  };
}

/** A Map key equal for equal values: ids are primitives; a Date or Decimal key compares by its text. */
function keyOf(value: unknown): Key {
  return typeof value === "object" || typeof value === "function" ? JSON.stringify(value) : (value as Key);
}
