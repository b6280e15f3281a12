import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum, type SqlQueryable } from '@prisma/driver-adapter-utils';
import pg from 'pg';

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * adapter-pg 7.10 rejects result columns of Postgres' internal one-byte "char" type, which the engine's
 * catalog queries select (relkind, contype, ...) and read as characters. pg returns them as strings: the
 * client relabels them as text so adapter-pg accepts the result, and the adapter reports them as Character.
 */
const charColumnsByRows = new WeakMap<unknown[], number[]>();

function relabelCharColumns(result: pg.QueryResult | undefined): pg.QueryResult | undefined {
  const charColumns: number[] = [];
  result?.fields.forEach((field, index) => {
    if (field.dataTypeID !== PG_CHAR_OID) return;
    field.dataTypeID = PG_TEXT_OID;
    charColumns.push(index);
  });
  if (result && charColumns.length > 0) charColumnsByRows.set(result.rows, charColumns);
  return result;
}

type QueryCallback = (err: Error, result: pg.QueryResult) => void;

export class CatalogClient extends pg.Client {
  // pg.Pool calls query(text, values, callback); adapter-pg's transactions use the promise form.
  override query(...args: unknown[]): never {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (err: Error, result: pg.QueryResult) =>
        (callback as QueryCallback)(err, relabelCharColumns(result) as pg.QueryResult);
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const pending = (super.query as (...a: unknown[]) => unknown)(...args);
    return (pending instanceof Promise ? pending.then(relabelCharColumns) : pending) as never;
  }
}

// adapter-pg hands back pg's rows array as is, which is how the relabelled columns are found again.
function reportCharColumns<T extends SqlQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsByRows.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

export function catalogAdapter(pool: pg.Pool, schema: string): PrismaPg {
  const factory = new PrismaPg(pool, { schema });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = reportCharColumns(await connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => reportCharColumns(await startTransaction(isolationLevel));
    return adapter;
  };
  return factory;
}
