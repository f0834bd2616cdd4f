// GraphQL Code Generator for the typed example client (examples/client): the client preset reads the
// committed SDL, so generation needs neither a running server nor the network. `npm run codegen`.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['examples/client/src/**/*.ts', '!examples/client/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'examples/client/src/gql/': {
      preset: 'client',
      presetConfig: {
        // persisted-documents.json: the example's operations by SHA-256, for trusted documents
        // (npm run operations:build adds them to the server's manifest).
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
        fragmentMasking: false,
      },
      config: {
        // The formats @specifiedBy names: RFC 3339 full-date and date-time, carried as strings.
        scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
        // NodeNext resolution wants explicit .js endings in relative imports.
        emitLegacyCommonJSImports: false,
      },
    },
  },
};

export default config;
