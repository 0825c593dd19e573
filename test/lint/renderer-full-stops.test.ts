import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { endings, endsASentence, isWords, parse, sources, whereOf, type Found } from './full-stop-scan.js';

/**
 * The same rule as message-full-stops.test.ts, for the words the app itself shows: a text that is a
 * sentence ends with a full stop (or "?" / "!"); labels, button texts and titles do not. Found without
 * running the app:
 * - the text of every paragraph (`<p>`: notices, empty states' bodies, hints, dialogs' descriptions,
 *   confirmation bodies) and of every element announced as an alert or a status;
 * - the values the app builds errors, notices and refusals from: variables and properties named as a
 *   message is (`message`, `reason`, …), JSX props that take one (`blockedReason`, `hint`, …), constants
 *   named `…_TEXT`, `…_MESSAGE`, `…_REASON`, `…_NOTE`, `…_HINT`, and what functions named `…Text`,
 *   `…Reason`, `…Message`, `…Note` return.
 * A text whose end is not a literal here (`{reason}`, a trailing `<strong>`) is left out, as in the
 * server's check; its parts are judged where they are literals.
 */
const ROOTS = ['src-renderer'];
/** Variables, properties and functions that hold or give a message: `reason`, `nameError`, `tokensGoingText`, `LOG_PERMISSION_REASON`. */
const MESSAGE_NAME =
  /^(message|reason|error|notice|note|hint|effect)$|(Message|Reason|Error|Problem|Text|Note|Hint)$|_(TEXT|MESSAGE|REASON|NOTE|HINT)$/;
/** JSX props that take a sentence. */
const MESSAGE_PROPS = new Set(['blockedReason', 'reason', 'message', 'hint', 'description', 'body', 'note']);
/** Elements whose text is a sentence: paragraphs, what is announced, and the app's message boxes. */
const ANNOUNCED_ROLES = new Set(['alert', 'status']);
const MESSAGE_CLASSES = /\b(notice|blocked-reason|form__why|field__hint|field__error)\b/;
/** Something under way ("Loading tokens…"): a state's label, like a busy button's, not a sentence. */
const IN_PROGRESS = /…$/;

/** Texts the scan finds that are not sentences, or keep a wording set elsewhere: each with why. */
const NOT_SENTENCES = new Map<string, string>([
  ['service accounts', 'the end of the count line “Showing 3 of 12 service accounts”: a label, not a sentence'],
  [
    'You must be in the same group as this service account to view its request logs',
    'the same-group refusal as the shared rules word it (SAME_GROUP_LOGS_MESSAGE in src-shared/authz.ts), after the vendor’s documented message (DESIGN.md, seed 002), which has no full stop',
  ],
]);

/** The literal end of a JSX element's text: its last text or `{'…'}` child, or null when that is not a literal. */
function jsxEndings(element: ts.JsxElement): string[] | null {
  const children = element.children.filter((c) => !(ts.isJsxText(c) && c.containsOnlyTriviaWhiteSpaces));
  const last = children.at(-1);
  if (!last) return null;
  if (ts.isJsxText(last)) return [last.text.replace(/\s+/g, ' ').trim()];
  if (ts.isJsxExpression(last) && last.expression) return endings(last.expression);
  return null;
}

function attribute(element: ts.JsxElement, name: string): string | null {
  for (const a of element.openingElement.attributes.properties) {
    if (ts.isJsxAttribute(a) && a.name.getText() === name && a.initializer && ts.isStringLiteral(a.initializer))
      return a.initializer.text;
  }
  return null;
}

function textsIn(file: string): Found[] {
  const source = parse(file);
  const found: Found[] = [];
  const add = (node: ts.Node, texts: string[] | null) => {
    for (const text of (texts ?? []).filter(isWords)) found.push({ where: whereOf(source, node), text });
  };
  const take = (node: ts.Expression | undefined) => node && add(node, endings(node));
  const nameOf = (node: ts.Node) => (ts.isIdentifier(node) ? node.text : '');
  const returnsOf = (body: ts.Node) => {
    if (!ts.isBlock(body)) return take(body as ts.Expression);
    const visitReturns = (node: ts.Node): void => {
      if (ts.isReturnStatement(node)) take(node.expression);
      else if (!ts.isFunctionLike(node)) ts.forEachChild(node, visitReturns);
    };
    visitReturns(body);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxElement(node)) {
      const tag = node.openingElement.tagName.getText();
      const announced = ANNOUNCED_ROLES.has(attribute(node, 'role') ?? '');
      if (tag === 'p' || announced || MESSAGE_CLASSES.test(attribute(node, 'className') ?? ''))
        add(node, jsxEndings(node));
    }
    if (ts.isJsxAttribute(node) && MESSAGE_PROPS.has(node.name.getText()) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) take(node.initializer);
      else if (ts.isJsxExpression(node.initializer)) take(node.initializer.expression);
    }
    if (ts.isVariableDeclaration(node) && MESSAGE_NAME.test(nameOf(node.name)) && node.initializer) {
      if (ts.isArrowFunction(node.initializer)) returnsOf(node.initializer.body);
      else take(node.initializer);
    }
    if (ts.isPropertyAssignment(node) && MESSAGE_NAME.test(nameOf(node.name))) take(node.initializer);
    if (ts.isFunctionDeclaration(node) && node.name && MESSAGE_NAME.test(node.name.text) && node.body)
      returnsOf(node.body);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('wording: the app’s sentences end with a full stop', () => {
  const all = ROOTS.flatMap(sources).flatMap(textsIn);

  it('finds the texts (the scan still sees the app)', () => {
    // Without this a broken scan would pass by finding nothing.
    expect(all.length).toBeGreaterThan(100);
    const texts = all.map((m) => m.text);
    // One of each kind: a paragraph, an alert's text, a message box, a constant, a function's return, a
    // variable, a prop.
    expect(texts).toContain(
      'This window has no connection to the TokenDesk app. Open TokenDesk itself rather than this file.',
    );
    expect(texts).toContain('You will enter this token again the next time you start TokenDesk.');
    expect(texts).toContain('Change what the server pointed out to try again.');
    expect(texts).toContain("The name can't be changed.");
    expect(texts).toContain('It has no tokens.');
    expect(texts).toContain('A member with that name already exists.');
    expect(texts).toContain('You can still lower the cap.');
  });

  it('every sentence ends with a full stop, a question mark or an exclamation mark', () => {
    const bad = all
      .filter((m) => !endsASentence(m.text) && !IN_PROGRESS.test(m.text))
      .filter((m) => !NOT_SENTENCES.has(m.text))
      .map((m) => `${m.where}: ${JSON.stringify(m.text)}`);
    expect(bad).toEqual([]);
  });
});
