import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { endings, endsASentence, isWords, parse, sources, whereOf, type Found } from './full-stop-scan.js';

/**
 * The project's rule for words the user reads: a message that is a sentence ends with a full stop (or
 * "?" / "!"); labels, button texts and titles do not. This checks the server's error messages, every one
 * it can find without running the server: the message of each HttpError and of the helpers that make
 * one (notFound, forbidden, …), the `message`/`reason` values the routes build them from, and the
 * shared rules' reasons and zod messages (src-shared), which reach the error body as they are.
 *
 * A message that ends in an interpolation (`${reason}`) is judged by its parts where they are literals
 * elsewhere; the end itself is not known here, so it is left out.
 */
const ROOTS = ['src-server', 'src-shared'];
/** Functions whose first argument is an error message (src-server/http/errors.ts and the like). */
const MESSAGE_HELPERS = new Set(['notFound', 'forbidden', 'conflict', 'unprocessable', 'nameTaken', 'refuse']);
/** Variables and properties that hold an error message or a refusal's reason. */
const MESSAGE_NAMES = new Set(['message', 'reason', 'error']);
/** Zod checks whose string argument becomes a validation message. */
const ZOD_CHECKS = new Set(['min', 'max', 'int', 'positive', 'regex', 'refine', 'length', 'nonempty', 'email', 'url']);

function messagesIn(file: string): Found[] {
  const source = parse(file);
  const found: Found[] = [];
  const take = (node: ts.Expression | undefined) => {
    if (!node) return;
    for (const text of (endings(node) ?? []).filter(isWords)) found.push({ where: whereOf(source, node), text });
  };
  const nameOf = (node: ts.Node) => (ts.isIdentifier(node) ? node.text : null);
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && nameOf(node.expression) === 'HttpError') take(node.arguments?.[2]);
    if (ts.isCallExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression)
        ? node.expression.name.text
        : nameOf(node.expression);
      if (callee && MESSAGE_HELPERS.has(callee)) take(node.arguments[0]);
      // A zod check's message: its last argument when a string (`.max(30, 'At most 30.')`).
      if (callee && ZOD_CHECKS.has(callee) && ts.isPropertyAccessExpression(node.expression)) {
        const last = node.arguments.at(-1);
        if (last && node.arguments.length > (callee === 'int' || callee === 'positive' ? 0 : 1)) take(last);
      }
    }
    if (ts.isVariableDeclaration(node) && MESSAGE_NAMES.has(nameOf(node.name) ?? '')) take(node.initializer);
    if (ts.isPropertyAssignment(node) && MESSAGE_NAMES.has(nameOf(node.name) ?? '')) take(node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('wording: the server’s error messages are sentences that end with a full stop', () => {
  const all = ROOTS.flatMap(sources).flatMap(messagesIn);

  it('finds the messages (the scan still sees the catalogue)', () => {
    // Without this a broken scan would pass by finding nothing.
    expect(all.length).toBeGreaterThan(60);
    expect(all.map((m) => m.text)).toContain('The request body is not valid JSON.');
  });

  it('every message ends with a full stop, a question mark or an exclamation mark', () => {
    const bad = all.filter((m) => !endsASentence(m.text)).map((m) => `${m.where}: ${JSON.stringify(m.text)}`);
    expect(bad).toEqual([]);
  });
});
