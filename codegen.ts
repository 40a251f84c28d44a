import type { CodegenConfig } from '@graphql-codegen/cli';

/** Types the operations the tests send (`test/operations`) against the committed SDL. */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  ignoreNoDocuments: true,
  generates: {
    'test/__generated__/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // persisted-documents.json: the trusted documents manifest (`TRUSTED_DOCUMENTS`).
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSONObject: 'Record<string, unknown>' },
        enumsAsTypes: true,
      },
    },
  },
};

export default config;
