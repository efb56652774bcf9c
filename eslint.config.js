// Lint, including the process boundary of STYLE.md: the renderer imports nothing from
// src-main but the IPC contract and the pure domain/; the preload only electron's renderer
// APIs and the contract; the contract and domain/ no electron or node module (domain/ only
// ipc/vocabulary and itself); links open only through shell/links.ts. Inside main, the
// layering table of eslint.layering.js (what each folder may import; electron only in
// shell/ and preload/); test/unit/lint/layering.test.ts shows each rule firing on a probe.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import { layering } from './eslint.layering.js';

const NODE_BUILTINS = { regex: '^(node:|fs$|path$|os$|child_process$|http$|https$|net$|crypto$)', message: 'No Node modules here: this code runs in a sandboxed page.' };
const ELECTRON = { group: ['electron', 'electron/*'], message: 'Only main and the preload may use electron.' };
const MAIN_INTERNALS = {
  regex: 'src-main/(?!(ipc/(contract|define|vocabulary|channels/[a-zA-Z]+)|domain/[a-zA-Z]+)$)',
  message: 'The renderer may import only the IPC contract and the pure domain (ledger model, store profiles) from src-main.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'test-results/**', 'resources/**', 'build/**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='openExternal'][object.name='shell']", message: 'Open links only through openExternalLink() in src-main/shell/links.ts.' },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    plugins: { layering },
    rules: { 'layering/imports': 'error' },
  },
  {
    files: ['src-main/shell/links.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: [ELECTRON, NODE_BUILTINS, MAIN_INTERNALS] }] },
  },
  {
    files: ['src-main/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [NODE_BUILTINS, { regex: '^\\.\\./(?!ipc/(contract|deskApi)$)', message: 'The preload imports only electron and the IPC contract.' }] },
      ],
    },
  },
  {
    // Which files of main domain/ may import is the layering table's (eslint.layering.js).
    files: ['src-main/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ELECTRON, NODE_BUILTINS, { regex: '^[^.]', message: 'domain/ imports no packages.' }] }],
    },
  },
  {
    files: ['src-main/ipc/contract.ts', 'src-main/ipc/define.ts', 'src-main/ipc/vocabulary.ts', 'src-main/ipc/deskApi.ts', 'src-main/ipc/channels/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [ELECTRON, NODE_BUILTINS, { regex: '^\\.\\./(?!((define|vocabulary|contract)|domain/[a-zA-Z]+|\\.\\./domain/[a-zA-Z]+)$)', message: 'The contract is pure: it may import only zod, its own files and the pure domain/.' }] },
      ],
    },
  },
);
