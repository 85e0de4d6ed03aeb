import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The house's boundaries (README 架构). Each zone names a folder and what it must not import; a
// violation fails `npm run lint`. test/lint/boundaries.test.ts proves every zone bites, and
// scripts/check-import-cycles.ts (also run by `npm run lint`) refuses import loops, type-only ones included.
const SERVER = ['./aggregator/src', './templates/src/xlsx', './templates/src/cli', './templates/src/samples'];
const NODE_AND_ADAPTER_PACKAGES = {
  patterns: [
    { group: ['node:*', 'fs', 'path', 'os', 'zlib', 'child_process', 'crypto'], message: '纯核心不做 I/O：不要引入 Node 内置模块。' },
    { group: ['exceljs', 'yauzl', 'yazl', 'saxes', 'express', 'multer', 'pino', 'kysely', 'pg', 'better-sqlite3'], message: '纯核心不依赖适配层的库。' },
  ],
};
const zones = [
  {
    target: './templates/src/core',
    from: ['./templates/src/xlsx', './templates/src/cli', './templates/src/samples', './aggregator', './addin', './bench', './scripts', './manifest', './test'],
    message: '领域核心（templates/src/core）不得引入适配层、命令行、示例数据或服务端代码。',
  },
  {
    target: './aggregator/src/rollup',
    from: ['./aggregator/src', './templates/src/xlsx', './templates/src/cli', './templates/src/samples'],
    except: ['./rollup', './contract'],
    message: '汇总引擎（aggregator/src/rollup）是纯函数：只能引入领域核心和契约模块。',
  },
  {
    target: './aggregator/src/contract',
    from: ['./aggregator/src', './templates/src/xlsx', './templates/src/cli', './templates/src/samples', './addin'],
    except: ['./contract'],
    message: '契约模块（aggregator/src/contract）只能引入领域核心。',
  },
  {
    target: './aggregator/src/web',
    from: SERVER,
    except: ['./web', './contract'],
    message: '页面（aggregator/src/web）只能从服务端引入契约模块（aggregator/src/contract）。',
  },
  {
    target: './addin',
    from: SERVER,
    except: ['./contract'],
    message: '加载项（addin/）只能从服务端引入契约模块（aggregator/src/contract）。',
  },
  {
    target: './aggregator/src/http/*-routes.ts',
    from: ['./aggregator/src/store'],
    message: '路由只解析请求、调用服务、返回结果：数据库操作放在 aggregator/src/services（经由 store）。',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'data/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.json'] } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
      'import-x/no-restricted-paths': ['error', { zones }],
      // Office.js lives in the Excel adapter alone.
      'no-restricted-globals': [
        'error',
        { name: 'Excel', message: 'Office.js 只在 addin/src/excel（Excel 适配层）中调用。' },
        { name: 'Office', message: 'Office.js 只在 addin/src/excel（Excel 适配层）中调用。' },
        { name: 'OfficeExtension', message: 'Office.js 只在 addin/src/excel（Excel 适配层）中调用。' },
      ],
      // SQL lives in the store alone.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', message: 'SQL 只写在 aggregator/src/store 中。' },
            { name: 'pg', message: 'SQL 只写在 aggregator/src/store 中。' },
            { name: 'better-sqlite3', message: 'SQL 只写在 aggregator/src/store 中。' },
            { name: '@microsoft/office-js', message: 'Office.js 只在 addin/src/excel（Excel 适配层）中调用。' },
          ],
        },
      ],
    },
  },
  { files: ['addin/src/excel/**/*.ts', 'test/support/fake-office/**/*.ts', 'test/browser/**/*.ts'], rules: { 'no-restricted-globals': 'off' } },
  // The store is where SQL lives; tests may reach the database directly to set up faults.
  { files: ['aggregator/src/store/**/*.ts', 'test/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['templates/src/core/**/*.ts'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': ['error', NODE_AND_ADAPTER_PACKAGES] } },
  { files: ['aggregator/src/rollup/**/*.ts', 'aggregator/src/contract/**/*.ts'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': ['error', NODE_AND_ADAPTER_PACKAGES] } },
  // Every error's status and Chinese message come from the error catalogue: build one with
  // appError(code, facts) (templates/src/core/error-catalogue.ts); only the catalogue constructs AppError.
  {
    files: ['**/*.ts'],
    ignores: ['**/*.test.ts', 'templates/src/core/error-catalogue.ts', 'aggregator/src/http/errors.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'NewExpression[callee.name=/^(AppError|DetailedAppError)$/]',
          message: '错误代码、状态和中文说明只写在错误目录（templates/src/core/error-catalogue.ts）：请用 appError(code, facts) 构造错误，新的代码先在目录中登记。',
        },
      ],
    },
  },
  // Unit tests beside a pure module may build their inputs with adapters and sample data.
  { files: ['**/*.test.ts'], rules: { 'import-x/no-restricted-paths': 'off' } },
);
