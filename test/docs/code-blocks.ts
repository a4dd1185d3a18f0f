/**
 * Extracting TypeScript code blocks from Markdown and TSDoc, and type-checking them against the
 * package by its name as it ships: `rx-runnables/*` resolved through package.json's exports to
 * dist/'s declarations (tsconfig.json's paths to src/ are dropped), as in a user's project.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** README.md and every docs/*.md below `root`, relative to it. */
export function markdownPages(root: string): string[] {
  return [
    'README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ];
}

/** One extracted block: where it came from and its code. */
export interface CodeBlock {
  /** `docs/core.md:12` (the line of the opening fence or of `@example`). */
  where: string;
  code: string;
}

const FENCE = /^([ \t]*)```(ts|typescript)([^\n]*)\n([\s\S]*?)^\1```/gm;

/**
 * The ```ts blocks of a Markdown file, except those marked ```ts fragment (a few lines that are
 * explained by the surrounding text and are not meant to compile alone).
 */
export function markdownBlocks(
  file: string,
  root: string,
  options: { skip?: RegExp } = {},
): CodeBlock[] {
  const text = readFileSync(file, 'utf8');
  const blocks: CodeBlock[] = [];
  for (const match of text.matchAll(FENCE)) {
    const [, , , info = '', code = ''] = match;
    if (/\bfragment\b/.test(info) || (options.skip?.test(info) ?? false)) continue;
    const line = text.slice(0, match.index).split('\n').length;
    blocks.push({ where: `${relative(root, file)}:${line}`, code });
  }
  return blocks;
}

/** The ```ts blocks inside `@example` tags of a source file's TSDoc comments. */
export function tsdocBlocks(file: string, root: string): CodeBlock[] {
  const text = readFileSync(file, 'utf8');
  const blocks: CodeBlock[] = [];
  for (const match of text.matchAll(
    /@example\s*\n((?:\s*\*[^\n]*\n)*?)\s*\*\s*```(?:ts|typescript)\s*\n((?:\s*\*[^\n]*\n)*?)\s*\*\s*```/g,
  )) {
    const code = (match[2] ?? '')
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n');
    const line = text.slice(0, match.index).split('\n').length;
    blocks.push({ where: `${relative(root, file)}:${line}`, code });
  }
  return blocks;
}

/** Does the block import anything (a whole program rather than lines about a variable in scope)? */
export function hasImports(code: string): boolean {
  return /^\s*import\s/m.test(code);
}

/**
 * Type-checks every block as its own module with the repository's compiler options but without
 * its `paths`, so `rx-runnables/*` is the built package (its exports map, a self-reference from
 * inside it). Returns one message per error, prefixed with the block's place.
 */
export function typeCheck(blocks: CodeBlock[], root: string): string[] {
  const configFile = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const { paths: _src, ...compilerOptions } = parsed.options;
  const options: ts.CompilerOptions = { ...compilerOptions, noEmit: true, noUnusedLocals: false };
  const dir = join(root, '.doc-blocks');
  const files = new Map<string, CodeBlock>();
  blocks.forEach((block, i) => {
    // `export {}` makes every block a module, so top-level await and its own names work.
    files.set(join(dir, `block-${i}.ts`), { ...block, code: `${block.code}\nexport {};\n` });
  });
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files.get(name)?.code ?? readFile(name);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.getSourceFile = (name, version, onError, create) => {
    const block = files.get(name);
    if (block) return ts.createSourceFile(name, block.code, version, true, ts.ScriptKind.TS);
    return getSourceFile(name, version, onError, create);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const errors: string[] = [];
  for (const [name, block] of files) {
    const source = program.getSourceFile(name);
    if (!source) continue;
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    for (const d of diagnostics) {
      const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0];
      errors.push(`${block.where} (block line ${line + 1}): ${message}`);
    }
  }
  return errors;
}
