import { defineConfig } from 'prisma/config';

// Prisma's native schema engine cannot be downloaded here, and generate/validate/format only need the
// bundled WASM. Pointing the engine at a binary that exits non-zero stops the CLI from trying to fetch it.
// Migrate/db push must not be used: migrations are SQL files applied by @stepwise/database.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';

export default defineConfig({});
