// Unit specs beside the code; integration, e2e and chaos tests against the real broker and database.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

// Nest 12 ships ES modules only; jest cannot require them, so swc turns them into CommonJS.
const esmPackages = {
  '^.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform: { ...transform, ...esmPackages },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
};

module.exports = {
  // Integration tests start real services and wait for them; unit specs finish long before this.
  testTimeout: 120000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/*/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools}/*/test/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/e2e/chaos/'],
    },
    // Restarts its own broker and Postgres and runs for many minutes: `npm run test:chaos`.
    { ...shared, displayName: 'chaos', testMatch: ['<rootDir>/e2e/chaos/**/*.test.ts'] },
  ],
};
