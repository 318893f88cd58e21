// ESLint 9 flat config: a short list of type-aware rules that catch real bugs in async code (a page
// lost to a promise nobody awaited, a Bolt or HTTP handler whose rejection nobody sees, a switch that
// silently skips a new kind), not a style guide. Prettier owns the layout (`npm run format`).
// Type information comes from tsconfig.json, which includes src, test, scripts and bench.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'src/generated/',
      'coverage/',
      'bench/results/',
      '.data/',
      '.stryker-tmp/',
      'reports/',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // Every promise is awaited, returned, or deliberately let go with `void` (and a reason).
      '@typescript-eslint/no-floating-promises': 'error',
      // No async function where a callback's result is ignored (Bolt listeners, emitters, http handlers),
      // and no promise used as a condition.
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Inside try, `return promise` skips the catch and finally's ordering: write `return await`.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // A switch over a union names every member, even with a default: a new kind (job, error class,
      // command) must be handled on purpose, not fall into a default written before it existed.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: true },
      ],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      // `[10, 9].sort()` is [10, 9]: numbers need a compare function (strings sort fine without).
      '@typescript-eslint/require-array-sort-compare': ['error', { ignoreStringArrays: true }],
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-array-delete': 'error',
      // A cast the types already guarantee hides the one that matters when the types change.
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      // tsc's noUnusedLocals covers locals; this adds parameters and caught errors. `_name` opts out.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
);
