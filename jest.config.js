/* global process */
// Jest runs in its native ESM mode (NODE_OPTIONS=--experimental-vm-modules, set by `npm test`)
// because NestJS 12 ships only ES modules. @swc/jest compiles TypeScript with decorator metadata.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  // Sources import siblings as `./x.js` (nodenext); map them back to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

export default {
  // e2e suites boot the app and wait for it to drain on close; unit tests finish far sooner.
  testTimeout: 30_000,
  // In CI a handle a failed test left open (a Redis reconnect timer, a socket) must not keep the run alive until the
  // job's time limit: the failure is already reported. Locally jest still says "did not exit" so leaks get fixed.
  forceExit: Boolean(process.env.CI),
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
