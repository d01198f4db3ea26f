// ESLint flat config: typescript-eslint's type-checked recommended rules over the TypeScript
// sources (src, commands, test, bench); generated protobuf code and build output are not ours.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/proto/gen/**', '**/*.mjs', '**/*.cjs', '**/*.js', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits; awaiting them
      // at every call site would only add noise.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      // passing on a rejection reason we were given (a catch's unknown) is not inventing one
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // `let [key, end] = ...` with only `key` reassigned stays one declaration.
      'prefer-const': ['error', { destructuring: 'all' }],
      // `_`-prefixed names mark parameters an interface requires but this implementation ignores.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // test doubles implement async interfaces without having anything to wait for
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
);
