import { PrismaPg } from '@prisma/adapter-pg';
import { searchPathOption } from './pool';
import { assertSchemaName } from './schema-name';

export interface PrismaAdapterOptions {
  /** Size of the adapter's own pg pool; keep the sum over all services well under max_connections. */
  max?: number;
  applicationName?: string;
}

const DEFAULT_MAX = 5;

/**
 * A Prisma driver adapter bound to one schema. The `schema` option makes Prisma qualify its model
 * queries; search_path is set too, so `$queryRaw`/`$executeRaw` with unqualified names hit the same schema.
 */
export function prismaAdapter(connectionString: string, schema: string, options: PrismaAdapterOptions = {}): PrismaPg {
  assertSchemaName(schema);
  return new PrismaPg(
    {
      connectionString,
      max: options.max ?? DEFAULT_MAX,
      options: searchPathOption(schema),
      ...(options.applicationName ? { application_name: options.applicationName } : {}),
    },
    { schema },
  );
}
