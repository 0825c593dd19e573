import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * What the full-stop checks share (message-full-stops.test.ts for the server's messages,
 * renderer-full-stops.test.ts for the app's): the files they read, and the literal ends of a text.
 */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export type Found = { where: string; text: string };

/** The source files under `dir`, without tests and test support. */
export function sources(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true, recursive: true })
    .filter(
      (e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.includes('test-support'),
    )
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !file.includes('test-support'));
}

export function parse(file: string): ts.SourceFile {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, kind);
}

/** "src-renderer/x.tsx:12" for a node. */
export function whereOf(source: ts.SourceFile, node: ts.Node): string {
  return `${relative(REPO, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

/** The literal endings an expression can have: a string, a template's tail, or both sides of a ?:, ?? or ||. */
export function endings(node: ts.Expression): string[] | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) {
    const tail = node.templateSpans.at(-1)!.literal.text;
    return tail === '' ? null : [tail];
  }
  if (ts.isParenthesizedExpression(node)) return endings(node.expression);
  const either = (a: string[] | null, b: string[] | null) => (a && b ? [...a, ...b] : (a ?? b));
  if (ts.isConditionalExpression(node)) return either(endings(node.whenTrue), endings(node.whenFalse));
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  )
    return either(endings(node.left), endings(node.right));
  return null;
}

/** Words for a reader, not a code: a one-word value (`reason: 'malformed'`) is left out. */
export const isWords = (text: string) => /\s/.test(text.trim());

/** A sentence's end: a full stop, a question mark or an exclamation mark. */
export const endsASentence = (text: string) => /[.?!]\s*$/.test(text);
