import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default [
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.nx',
      '**/.data',
      '**/coverage',
      '**/test-results',
      '**/playwright-report',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cjs', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      // Apps never import each other; the contracts library imports nothing of ours.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // The live client (scope:client) is for the web app, the API's tests and benches,
            // and the e2e test phones; it depends on the contracts only.
            {
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: ['scope:api', 'scope:shared', 'scope:client'],
            },
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['scope:web', 'scope:shared', 'scope:client'],
            },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:client'] },
            { sourceTag: 'scope:client', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.cjs'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@nx/enforce-module-boundaries': 'off',
    },
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
      },
    },
  },
  {
    files: ['libs/contracts/**/*.ts'],
    rules: {
      // Plain TypeScript only: it is bundled into the phone app and runs in Node alike.
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'react', 'react-dom', '@nestjs/*', 'class-validator', 'typeorm'] },
      ],
    },
  },
  {
    files: ['libs/live-client/**/*.ts'],
    ignores: ['libs/live-client/**/__tests__/**', 'libs/live-client/**/*.spec.ts'],
    rules: {
      // Runs in the phone's browser and in Node alike (tests, e2e phones, benches).
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'react', 'react-dom', '@nestjs/*', 'class-validator', 'typeorm'] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSAsExpression',
          message: 'Typed end to end from the contracts: no double casts.',
        },
        {
          selector: 'TSAsExpression > TSNeverKeyword',
          message: 'Typed end to end from the contracts: no `as never`.',
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'typeorm', 'class-validator', 'node:*'] },
      ],
    },
  },
  {
    // The web app's specs run in Node (Jest): they may read the sources (i18n.spec.ts).
    files: ['apps/web/**/*.spec.ts', 'apps/web/**/*.spec.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', 'class-validator'] }],
    },
  },
  {
    // The data layer (docs/architecture.md): a service holds rules and transactions, its
    // domain's repository (*.repository.ts) owns the SQL. Nowhere else in the API's sources
    // is there a `.query(` call or an SQL string, except the migrations and the connection
    // layer (database/: the connection check, the advisory lock, the RETURNING helper), which
    // speak to PostgreSQL itself rather than to a domain's tables.
    files: ['apps/api/src/**/*.ts'],
    ignores: [
      'apps/api/src/**/*.repository.ts',
      'apps/api/src/**/migrations/**',
      'apps/api/src/database/**',
      'apps/api/src/**/*.spec.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='query']",
          message: "SQL belongs in the domain's repository (*.repository.ts).",
        },
        {
          selector:
            'TemplateElement[value.raw=/\\b(SELECT|INSERT INTO|DELETE FROM|UPDATE \\w+ SET)\\b/]',
          message: "SQL belongs in the domain's repository (*.repository.ts).",
        },
        {
          selector: 'Literal[value=/\\b(SELECT|INSERT INTO|DELETE FROM|UPDATE \\w+ SET)\\b/]',
          message: "SQL belongs in the domain's repository (*.repository.ts).",
        },
      ],
    },
  },
  {
    // No `any` reaches a service from the database: `query()` answers `any`, so every
    // exported function and public method of a repository declares what it returns (its row
    // types, honest to the SQL's columns: node-pg reads bigint, count and numeric as strings),
    // and an explicit `any` stays an error there as everywhere.
    files: ['apps/api/src/**/*.repository.ts'],
    rules: {
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.spec.tsx',
      '**/test/**/*.ts',
      'apps/web-e2e/**',
      'scripts/**',
      '**/bench/**',
      'apps/web/build/**',
    ],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
];
