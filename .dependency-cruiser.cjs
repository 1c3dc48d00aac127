// Layer rules from shared/STYLE.md ("Who may import whom"), checked by `npm run lint` (depcruise).
// Dependencies point one way: webhook → inbound → flows → ports. A rule's comment says why it exists.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-module-cycles',
      comment:
        'Modules (folders of src) must not import each other in a circle: neither could be understood, tested or replaced alone.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-file-cycles',
      comment: 'A circular import between files makes ESM load one of them half-initialized.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'whatsapp-not-simulator',
      comment: 'The Graph client is the product; the simulator is a dev tool that wraps it from its own module.',
      severity: 'error',
      from: { path: '^src/whatsapp/' },
      to: { path: '^src/simulator/' },
    },
    {
      name: 'flows-only-core-and-ports',
      comment:
        'A flow imports flows/core (the flow author API), ports (abstract classes, their errors and types), common helpers and its own files: never another flow, an adapter, a module or the Graph client.',
      severity: 'error',
      from: { path: '^src/flows/(?!core/|testing/)([^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: {
        pathNot: [
          '^src/flows/core/',
          '^src/flows/$1/',
          '^src/common/',
          '\\.port\\.ts$',
          '\\.error\\.ts$',
          '\\.types?\\.ts$',
          '^node_modules/',
        ],
      },
    },
    {
      name: 'src-not-test',
      comment: 'Shipped code never depends on the test suites; reusable test tools live in src/testing.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Specs are test code: they may use any module as a fixture, which would read as a cycle between modules.
    // The layers are about shipped code; ESLint's no-restricted-imports keeps specs in src away from test/.
    exclude: { path: ['^(dist|bench/\\.build|coverage)/', '\\.spec\\.ts$'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
